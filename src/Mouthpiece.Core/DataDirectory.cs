namespace Mouthpiece;

/// <summary>
/// The folder that holds everything Mouthpiece keeps, and the one place that names each path in it: the
/// databases, inputs, outputs, uploads, caches, scratch files, thumbnails and logs (docs/ARCHITECTURE.md
/// shows the layout). Chosen by <c>--data</c>, else the <c>MOUTHPIECE_DATA</c> environment variable, else <c>./data</c>.
/// </summary>
public sealed record DataDirectory(string Root)
{
    public const string EnvironmentVariable = "MOUTHPIECE_DATA";

    /// <summary>The job queue's SQLite file.</summary>
    public string JobDatabase => Path.Combine(Root, "jobs.db");

    /// <summary>The web layer's SQLite file (uploads, HeyGem task codes).</summary>
    public string WebDatabase => Path.Combine(Root, "web.db");

    /// <summary>Job inputs, kept once by content hash.</summary>
    public string Inputs => Path.Combine(Root, "inputs");

    /// <summary>Copies of videos beyond the input policy, brought within it, named by the original's content hash.</summary>
    public string Normalized => Path.Combine(Inputs, "normalized");

    /// <summary>Results, named by job id.</summary>
    public string Outputs => Path.Combine(Root, "outputs");

    /// <summary>Files uploaded through the web API, named by upload id.</summary>
    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>The HeyGem inbox, unless the settings name another folder.</summary>
    public string Inbox => Path.Combine(Root, "inbox");

    /// <summary>Face tracks of videos already analysed, reused by later renders of the same video.</summary>
    public string FaceTrackCache => Path.Combine(Root, "cache", "faces");

    /// <summary>Scratch files of running renders.</summary>
    public string Scratch => Path.Combine(Root, "tmp");

    /// <summary>Thumbnails of results for the history page.</summary>
    public string Thumbnails => Path.Combine(Root, "thumbnails");

    public string Logs => Path.Combine(Root, "logs");

    public string MainLog => Path.Combine(Logs, "mouthpiece.log");

    /// <summary>The log of one job, which the web UI and <c>mouthpiece jobs</c> read.</summary>
    public string JobLog(string jobId) => Path.Combine(Logs, "jobs", jobId + ".log");

    /// <summary>Where the server finds Wav2Lip-compatible models (.onnx) that requests name; the CLI takes any path.</summary>
    public string Models => Path.Combine(Root, "models");

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
