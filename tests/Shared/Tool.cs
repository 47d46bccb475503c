using System.Diagnostics;
using Mouthpiece.Media;

namespace Mouthpiece.Tests;

/// <summary>Runs real programs and decodes real media for test set-up; a failure here is a broken fixture.</summary>
internal static class Tool
{
    /// <summary>Runs the program to its end and returns its stdout; fails the test if it exits non-zero.</summary>
    public static byte[] Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {errors.Result}");
        return output.ToArray();
    }

    /// <summary>Every frame of a video, in order, through the product's own reader.</summary>
    public static async Task<List<VideoFrame>> DecodeAllAsync(string path, double? framesPerSecond = null)
    {
        await using var reader = RawVideoReader.Open(await MediaProbe.ProbeVideoAsync(path), framesPerSecond);
        var frames = new List<VideoFrame>();
        while (true)
        {
            var frame = new VideoFrame(reader.Width, reader.Height);
            if (!await reader.ReadAsync(frame))
                return frames;
            frames.Add(frame);
        }
    }

    /// <summary>Processes whose command line contains <paramref name="text"/>, e.g. an ffmpeg still writing an output.</summary>
    public static List<int> ProcessesMentioning(string text) =>
        Directory.GetDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && CommandLine(pid).Contains(text, StringComparison.Ordinal))
            .ToList();

    /// <summary>Whether the process still runs; a killed child that nobody reaped yet is a zombie and runs no more.</summary>
    public static bool IsRunning(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Asks <paramref name="probe"/> until <paramref name="done"/> holds for its answer, or fails after <paramref name="limit"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (done(value))
                return value;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"still not there after {limit.TotalSeconds:0} s");
            await Task.Delay(20);
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
