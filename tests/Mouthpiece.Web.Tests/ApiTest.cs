namespace Mouthpiece.Web.Tests;

/// <summary>Each test gets the app in-process on its own temporary data directory, with the settings its class chooses, and a client to it.</summary>
public abstract class ApiTest : IDisposable
{
    protected ApiTest(params (string Key, string? Value)[] settings)
    {
        Factory = new MouthpieceFactory(settings);
        Client = Factory.CreateClient();
    }

    protected MouthpieceFactory Factory { get; }

    protected HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
