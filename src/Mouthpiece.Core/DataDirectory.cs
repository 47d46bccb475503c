namespace Mouthpiece;

/// <summary>
/// The folder that holds everything Mouthpiece keeps: the job database, uploads, outputs, caches and logs.
/// Chosen by <c>--data</c>, else the <c>MOUTHPIECE_DATA</c> environment variable, else <c>./data</c>.
/// </summary>
public sealed record DataDirectory(string Root)
{
    public const string EnvironmentVariable = "MOUTHPIECE_DATA";

    public string Logs => Path.Combine(Root, "logs");

    public string MainLog => Path.Combine(Logs, "mouthpiece.log");

    /// <summary>What this machine's stages have taken, learned by every job and render run on it (<see cref="Scheduling.Throughput"/>).</summary>
    public string ThroughputFile => Path.Combine(Root, "throughput.json");

    /// <summary>Saved avatars, one folder each (video, thumbnail, avatar.json); they never expire.</summary>
    public string Avatars => Path.Combine(Root, "avatars");

    public static DataDirectory Resolve(string? commandLineValue)
    {
        var chosen = commandLineValue
            ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? "data";
        return new DataDirectory(Path.GetFullPath(chosen));
    }

    public DataDirectory EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Logs);
        return this;
    }
}
