using System.Globalization;
using System.Text.Json;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// Writes an output through a partial file of its own, <c>NAME.TOKEN.partial</c>: the work writes the partial
/// file, it is renamed to the real name only when the work succeeds, and it is deleted on any failure or
/// cancellation. The token is new for every write, so two attempts at the same output (a retry and a process
/// that has not noticed it lost the job) never write into the same file; whichever finishes last replaces the
/// other's complete file with its own complete file. A write first deletes the partial files earlier writes of
/// the same output left behind (their process was killed): a job's writer holds the job's lease, so no other
/// write of its output can still be going, and a command run again on the same output replaces the first run.
/// </summary>
public static class OutputFile
{
    public const string PartialExtension = ".partial";

    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromMinutes(30);

    public static async Task WriteAsync(string outputPath, Func<string, Task> writePartial, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(outputPath);
        var partial = $"{fullPath}.{Guid.NewGuid().ToString("N")[..8]}{PartialExtension}";
        DeletePartials(fullPath);
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

    /// <summary>The partial files of earlier writes of <paramref name="outputPath"/> that are still on disk.</summary>
    public static IReadOnlyList<string> PartialsOf(string outputPath)
    {
        var fullPath = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(fullPath)!;
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, Path.GetFileName(fullPath) + ".*" + PartialExtension)
            : [];
    }

    /// <summary>Deletes what writes of <paramref name="outputPath"/> left behind.</summary>
    public static void DeletePartials(string outputPath)
    {
        foreach (var partial in PartialsOf(outputPath))
            File.Delete(partial);
    }

    /// <summary>
    /// A file found on disk (after a crash, or kept from an earlier run) must be a video that decodes from its first
    /// frame to its last without one error, with every frame its index promises (and <paramref name="expectedFrames"/>,
    /// when the writer knows it): a probe alone passes files whose frames are damaged.
    /// </summary>
    public static async Task VerifyVideoAsync(string path, long? expectedFrames, CancellationToken cancellationToken)
    {
        var (info, _) = await ProbePlayableAsync(path, countPackets: false, cancellationToken);
        var (decoded, error) = await Ffmpeg.DecodeAllAsync(["-i", "file:" + path], DecodeTimeout, cancellationToken);
        if (error is not null)
            throw Unverified(path, $"does not decode cleanly ({error})");
        if (info.Video!.FrameCount is { } indexed && decoded != indexed)
            throw Unverified(path, $"decodes to {decoded} frames, its index lists {indexed}");
        if (expectedFrames is { } expected && Math.Abs(decoded - expected) > 2)
            throw Unverified(path, $"decodes to {decoded} frames, {expected} were written");
    }

    /// <summary>
    /// A file our own encoder has just written must hold every frame it was given, each readable from the container.
    /// Reading every packet is enough here, and costs about a twentieth of a decode: the bytes come back from the page
    /// cache, so a decode would only check x264's output against ffmpeg's decoder (2 CPU-s per 10 s of 1080p, a seventh
    /// of the render's encode), while what does go wrong between the encoder and the file (a container cut short or
    /// damaged, frames missing) shows in the packets.
    /// </summary>
    public static async Task VerifyWrittenAsync(string path, long? expectedFrames, CancellationToken cancellationToken)
    {
        var (info, json) = await ProbePlayableAsync(path, countPackets: true, cancellationToken);
        var read = VideoPacketsRead(json);
        if (info.Video!.FrameCount is { } indexed && read != indexed)
            throw Unverified(path, $"holds {read} frames, its index lists {indexed}");
        if (expectedFrames is { } expected && Math.Abs(read - expected) > 2)
            throw Unverified(path, $"holds {read} frames, {expected} were written");
    }

    /// <summary>The file's probe and ffprobe's JSON; with <paramref name="countPackets"/>, every packet is read and counted on the way.</summary>
    private static async Task<(MediaInfo Info, string Json)> ProbePlayableAsync(string path, bool countPackets, CancellationToken cancellationToken)
    {
        string[] counting = countPackets ? ["-count_packets"] : [];
        var (exitCode, json, errors) = await Ffmpeg.CaptureAsync(
            Ffmpeg.FfprobeTool,
            ["-hide_banner", "-loglevel", "error", .. counting, "-print_format", "json", "-show_format", "-show_streams", "file:" + path],
            TimeSpan.FromSeconds(30),
            cancellationToken);
        var info = exitCode == 0 ? ProbeParser.Parse(path, json) : null;
        if (info?.Video is null || info.Duration <= TimeSpan.Zero)
            throw Unverified(path, $"is not a playable video ({errors.Trim()})");
        if (countPackets && errors.Trim().Length > 0)
            throw Unverified(path, $"does not read cleanly ({FfmpegException.LastLine(errors)})");
        return (info, json);
    }

    /// <summary>The packets <c>-count_packets</c> read from the first video stream, the one <see cref="ProbeParser"/> describes.</summary>
    private static long VideoPacketsRead(string json)
    {
        using var document = JsonDocument.Parse(json);
        var video = document.RootElement.GetProperty("streams").EnumerateArray()
            .First(stream => stream.TryGetProperty("codec_type", out var type) && type.GetString() == "video");
        return video.TryGetProperty("nb_read_packets", out var read) && long.TryParse(read.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    private static FfmpegException Unverified(string path, string problem) => new($"the output {Path.GetFileName(path)} {problem}");

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
