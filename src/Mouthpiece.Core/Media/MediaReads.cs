using System.Diagnostics;

namespace Mouthpiece.Media;

/// <summary>
/// Each whole look at an input (an ffprobe run, a content hash) is an <see cref="Activity"/> named after the file, so a
/// trace shows where time goes and a listener can count: what one step learnt about an input travels with the request
/// (<see cref="Pipeline.RenderRequest"/>, a job's <see cref="Jobs.StoredInput"/>), and no later step reads the file again for it.
/// </summary>
public static class MediaReads
{
    public const string SourceName = "Mouthpiece.Media";

    /// <summary>The activity of an ffprobe run.</summary>
    public const string Probe = "probe";

    /// <summary>The activity of hashing a file's content.</summary>
    public const string Hash = "hash";

    /// <summary>The full path of the file read.</summary>
    public const string FileTag = "mouthpiece.file";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string name, string path) =>
        Source.StartActivity(name)?.SetTag(FileTag, System.IO.Path.GetFullPath(path));
}
