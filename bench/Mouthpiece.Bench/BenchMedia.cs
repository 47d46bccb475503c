using System.Diagnostics;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

/// <summary>Inputs for benchmarks, made from the test fixtures so a fresh clone needs nothing else.</summary>
internal static class BenchMedia
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "data", "media", name);

    public static string WorkDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "bench", "results", "work")).FullName;

    /// <summary>The talking clip looped to <paramref name="seconds"/> and scaled to <paramref name="height"/> lines, cached.</summary>
    public static string TalkingClip(int height, int seconds, long bitRate = 10_000_000)
    {
        var path = Path.Combine(WorkDirectory, $"talking-{height}p-{seconds}s-{bitRate / 1_000_000}M.mp4");
        if (!File.Exists(path))
        {
            var width = (int)Math.Round(height * 512 / 480.0 / 2) * 2;
            RunFfmpeg("-stream_loop", "-1", "-i", Fixture("talking-3s.mp4"), "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-vf", $"scale={width}:{height}", "-c:v", "libx264", "-preset", "fast", "-b:v", bitRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c:a", "aac", "-movflags", "+faststart", path);
        }
        return path;
    }

    /// <summary>English speech of the given length, looped from the test recording (16 kHz mono WAV), cached.</summary>
    public static string Speech(int seconds, int offsetSeconds = 0)
    {
        var path = Path.Combine(WorkDirectory, $"speech-{seconds}s-{offsetSeconds}.wav");
        if (!File.Exists(path))
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            RunFfmpeg("-stream_loop", "-1", "-i", Path.Combine(RepositoryRoot, "tests", "data", "audio", "tts-en.wav"),
                "-ss", offsetSeconds.ToString(invariant), "-t", seconds.ToString(invariant), "-ac", "1", "-ar", "16000", path);
        }
        return path;
    }

    public static async Task<List<VideoFrame>> DecodeAsync(string video, int maxFrames = int.MaxValue)
    {
        var info = await MediaProbe.ProbeVideoAsync(video);
        await using var reader = RawVideoReader.Open(info);
        var frames = new List<VideoFrame>();
        while (frames.Count < maxFrames)
        {
            var frame = new VideoFrame(reader.Width, reader.Height);
            if (!await reader.ReadAsync(frame))
                break;
            frames.Add(frame);
        }
        return frames;
    }

    public static void RunFfmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("ffmpeg failed: " + errors);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mouthpiece.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository");
    }
}
