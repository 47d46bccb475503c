using System.Globalization;
using System.Text.RegularExpressions;

namespace Mouthpiece.Media;

/// <summary>Runs ffmpeg or ffprobe to completion, with progress, cancellation and a timeout.</summary>
public static class Ffmpeg
{
    public const string FfmpegTool = "ffmpeg";

    public const string FfprobeTool = "ffprobe";

    /// <summary>Flags every ffmpeg call starts with: quiet banner, errors only, machine-readable progress on stdout.</summary>
    public static readonly IReadOnlyList<string> CommonArguments = ["-hide_banner", "-nostats", "-loglevel", "error", "-y"];

    /// <summary>
    /// Runs ffmpeg with <c>-progress pipe:1</c> and reports the fraction of <paramref name="expectedDuration"/>
    /// done. A non-zero exit throws <see cref="FfmpegException"/> with the tail of stderr.
    /// </summary>
    /// <param name="lowPriority">Run under <c>nice</c>, so that it only uses CPU that other work leaves idle.</param>
    public static async Task RunAsync(
        IEnumerable<string> arguments,
        TimeSpan expectedDuration,
        IProgress<double>? progress,
        CancellationToken cancellationToken,
        bool lowPriority = false)
    {
        string[] command = [.. CommonArguments, "-progress", "pipe:1", .. arguments];
        await using var process = lowPriority
            ? FfmpegProcess.Start("nice", ["-n", "10", FfmpegTool, .. command])
            : FfmpegProcess.Start(FfmpegTool, command);
        var reading = ReadProgressAsync(process.Output, expectedDuration, progress);
        var exitCode = await process.WaitForExitAsync(cancellationToken);
        await reading;
        if (exitCode != 0)
            throw new FfmpegException(FfmpegTool, exitCode, process.ErrorTail);
    }

    /// <summary>Runs a tool and returns its stdout as text, with a time limit (ffprobe on a hostile file must not hang).</summary>
    public static async Task<(int ExitCode, string Output, string ErrorTail)> CaptureAsync(
        string tool,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await using var process = FfmpegProcess.Start(tool, arguments);
        var output = new StreamReader(process.Output).ReadToEndAsync(limit.Token);
        try
        {
            var exitCode = await process.WaitForExitAsync(limit.Token);
            return (exitCode, await output, process.ErrorTail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{tool} did not finish within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// Decodes every video and audio stream of one input to nothing, stopping at the first decoding error.
    /// Returns the video frames decoded, or the decoder's complaint.
    /// </summary>
    public static async Task<(long Frames, string? Error)> DecodeAllAsync(IEnumerable<string> inputArguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (exitCode, progress, errors) = await CaptureAsync(
            FfmpegTool,
            [.. CommonArguments, "-xerror", "-progress", "pipe:1", .. inputArguments, "-map", "0:v?", "-map", "0:a?", "-f", "null", "-"],
            timeout,
            cancellationToken);
        if (exitCode != 0 || errors.Trim().Length > 0)
            return (0, FfmpegException.LastLine(errors));
        var frames = progress.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.StartsWith("frame=", StringComparison.Ordinal));
        return (long.TryParse(frames?["frame=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0, null);
    }

    private static async Task ReadProgressAsync(Stream output, TimeSpan expectedDuration, IProgress<double>? progress)
    {
        using var reader = new StreamReader(output);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (progress is null || expectedDuration <= TimeSpan.Zero)
                continue;
            if (ParseProgressLine(line) is { } done)
                progress.Report(Math.Clamp(done / expectedDuration, 0, 1));
        }
    }

    /// <summary>Reads the position from one <c>-progress</c> line (<c>out_time_us=…</c>), or null for any other line.</summary>
    internal static TimeSpan? ParseProgressLine(string line)
    {
        const string key = "out_time_us=";
        if (!line.StartsWith(key, StringComparison.Ordinal))
            return null;
        return long.TryParse(line.AsSpan(key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros) && micros >= 0
            ? TimeSpan.FromMicroseconds(micros)
            : null;
    }
}

/// <summary>ffmpeg or ffprobe failed; the message carries the tool's own last words.</summary>
public sealed partial class FfmpegException : Exception
{
    /// <summary>What a tool says when the machine, not its input, stopped it: running the same work again may pass.</summary>
    private static readonly string[] ResourceErrors =
        ["No space left on device", "Cannot allocate memory", "Input/output error", "Too many open files", "Resource temporarily unavailable"];

    public FfmpegException(string tool, int exitCode, string errorTail)
        : base($"{tool} failed (exit code {exitCode}): {LastLine(errorTail)}")
    {
        ExitCode = exitCode;
        ErrorTail = errorTail;
    }

    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="exitCode">How the tool ended.</param>
    /// <param name="errorTail">The tool's last lines on stderr.</param>
    /// <param name="innerException">How the failure showed, e.g. a broken pipe.</param>
    public FfmpegException(string message, int exitCode, string errorTail, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        ErrorTail = errorTail;
    }

    public FfmpegException()
    {
        ErrorTail = "";
    }

    public FfmpegException(string message)
        : base(message)
    {
        ErrorTail = "";
    }

    public FfmpegException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorTail = "";
    }

    public string ErrorTail { get; }

    /// <summary>How the tool ended, when it ended on its own; null for a failure found after it (an output that does not verify).</summary>
    public int? ExitCode { get; }

    /// <summary>
    /// False when the tool ran to its own end and refused its input or its work: the same work fails the same way
    /// again. True when it was killed by a signal (.NET reports 128 + the signal; ffmpeg exits 255 on one it caught),
    /// ran out of a resource, or the failure was found after it ended.
    /// </summary>
    public bool MayPassOnRetry =>
        ExitCode is null or >= 128
        || ResourceErrors.Any(error => ErrorTail.Contains(error, StringComparison.Ordinal));

    /// <summary>The tool's last line, with the decoder's memory address ("[h264 @ 0x55d…]") turned into its name.</summary>
    internal static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no error output" : ComponentAddress().Replace(lines[^1], "$1:");
    }

    [GeneratedRegex(@"^\[(\w+) @ 0x[0-9a-f]+\]")]
    private static partial Regex ComponentAddress();
}
