namespace Mouthpiece.Web;

/// <summary>How the web server is started: where it listens and where it keeps its data.</summary>
public sealed record WebAppOptions(string Host, int Port, DataDirectory Data)
{
    public const int DefaultPort = 7860;

    public const string DefaultHost = "127.0.0.1";

    public Uri Url => new($"http://{Host}:{Port}/");
}
