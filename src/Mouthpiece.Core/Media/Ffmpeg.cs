using System.Globalization;

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
public sealed class FfmpegException : Exception
{
    public FfmpegException(string tool, int exitCode, string errorTail)
        : base($"{tool} failed (exit code {exitCode}): {LastLine(errorTail)}")
    {
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

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no error output" : lines[^1];
    }
}
