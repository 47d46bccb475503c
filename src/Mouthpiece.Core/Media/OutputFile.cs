using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// Writes an output through <c>NAME.partial</c>: the work writes the partial file, it is renamed to the
/// real name only when the work succeeds, and it is deleted on any failure or cancellation.
/// </summary>
public static class OutputFile
{
    public const string PartialSuffix = ".partial";

    public static async Task WriteAsync(string outputPath, Func<string, Task> writePartial, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(outputPath);
        var partial = fullPath + PartialSuffix;
        EnsureWritable(outputPath, partial);
        try
        {
            await writePartial(partial);
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(partial, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A file we just wrote must probe as a video with a duration, or it is not an output.</summary>
    public static async Task VerifyVideoAsync(string path, CancellationToken cancellationToken)
    {
        var (exitCode, json, errors) = await Ffmpeg.CaptureAsync(
            Ffmpeg.FfprobeTool,
            ["-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format", "-show_streams", "file:" + path],
            TimeSpan.FromSeconds(30),
            cancellationToken);
        var info = exitCode == 0 ? ProbeParser.Parse(path, json) : null;
        if (info?.Video is null || info.Duration <= TimeSpan.Zero)
            throw new FfmpegException($"the output {path} is not a playable video ({errors.Trim()})");
    }

    /// <summary>Fails early, naming the output, instead of letting ffmpeg fail after minutes of work.</summary>
    private static void EnsureWritable(string outputPath, string partial)
    {
        var directory = Path.GetDirectoryName(partial)!;
        if (!Directory.Exists(directory))
            throw new MediaInputException(outputPath, Codes.Inputs.OutputDirectoryMissing(directory));
        try
        {
            using (File.Create(partial))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new MediaInputException(outputPath, Codes.Inputs.OutputDirectoryNotWritable(directory, e.Message));
        }
    }
}
