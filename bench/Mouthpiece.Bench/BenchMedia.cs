using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

/// <summary>Inputs for benchmarks, made from the test fixtures so a fresh clone needs nothing else, or from the shared real recordings (<c>SharedMedia</c>).</summary>
internal static class BenchMedia
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "data", "media", name);

    public static string WorkDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "bench", "results", "work")).FullName;

    /// <summary>
    /// The talking clip (or <paramref name="source"/>) looped to <paramref name="seconds"/> and scaled to
    /// <paramref name="height"/> lines (its own aspect with a source), cached.
    /// </summary>
    public static string TalkingClip(int height, int seconds, long bitRate = 10_000_000, string? source = null) =>
        Cached($"{Stem(source, "talking")}-{height}p-{seconds}s-{bitRate / 1_000_000}M.mp4", path => RunFfmpeg(
            "-stream_loop", "-1", "-i", source ?? Fixture("talking-3s.mp4"), "-t", Invariant(seconds),
            "-vf", Scale(height, source), "-c:v", "libx264", "-preset", "fast", "-b:v", Invariant(bitRate),
            "-c:a", "aac", "-movflags", "+faststart", path));

    /// <summary>
    /// The talking clip as a camera would deliver it: scaled to <paramref name="height"/> lines, with light
    /// moving grain, at a bit rate the file really has. The clean clip is too smooth for that (x264 tops out
    /// near 40 Mbps on it at 1080p), and a camera's high bit rate is detail and noise the decoder must work
    /// through. Three seconds (the source's length) are encoded once and repeated by stream copy, cached.
    /// </summary>
    public static string CameraClip(int height, int seconds, long bitRate, string? source = null)
    {
        var rate = Invariant(bitRate);
        // veryfast keeps making a 4K file cheap; it still writes CABAC High profile, as cameras and phones do.
        // Half a second of buffer holds three seconds within about 6 % of the rate (a second's buffer overshoots by 13 %).
        var segment = Cached($"camera-{height}p-3s-{bitRate / 1_000_000}M{Suffix(source)}.mp4", path => RunFfmpeg(
            "-i", source ?? Fixture("talking-3s.mp4"), "-t", "3", "-vf", $"{Scale(height, source)},noise=alls=4:allf=t",
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", rate, "-maxrate", rate, "-bufsize", Invariant(bitRate / 2),
            "-c:a", "copy", "-movflags", "+faststart", path));
        return seconds <= 3 ? segment : RepeatedTo(segment, seconds);
    }

    /// <summary>The talking clip (or <paramref name="source"/>) as a VP9 WebM (as browsers and phones record them) at <paramref name="height"/> lines, cached.</summary>
    public static string Vp9Clip(int height, int seconds, string? source = null) =>
        Cached($"{Stem(source, "talking")}-{height}p-{seconds}s-vp9.webm", path => RunFfmpeg(
            "-stream_loop", "-1", "-i", source ?? Fixture("talking-3s.mp4"), "-t", Invariant(seconds),
            "-vf", Scale(height, source), "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "4M",
            "-c:a", "libopus", path));

    /// <summary>A grey wall with a little moving grain and no face anywhere, 512x480 at 30 fps, cached.</summary>
    public static string WallClip(int seconds) =>
        Cached($"wall-{seconds}s.mp4", path => RunFfmpeg(
            "-f", "lavfi", "-i", $"color=c=0x707060:s=512x480:r=30:d={Invariant(seconds)},noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "fast", path));

    /// <summary>
    /// A long input made without re-encoding: <paramref name="clip"/> played again and again by stream copy
    /// until <paramref name="seconds"/>, cached. A copied prefix in decoding order leaves every frame decodable.
    /// </summary>
    public static string RepeatedTo(string clip, int seconds) =>
        Cached($"{Path.GetFileNameWithoutExtension(clip)}-to-{seconds}s{Path.GetExtension(clip)}", path => RunFfmpeg(
            "-stream_loop", "-1", "-i", clip, "-map", "0", "-c", "copy", "-t", Invariant(seconds), path));

    /// <summary>English speech of the given length, looped from the test recording (or <paramref name="source"/>; 16 kHz mono WAV, so nothing is re-encoded), cached.</summary>
    public static string Speech(int seconds, int offsetSeconds = 0, string? source = null) =>
        Cached($"{Stem(source, "speech")}-{seconds}s-{offsetSeconds}.wav", path => RunFfmpeg(
            "-stream_loop", "-1", "-i", source ?? Path.Combine(RepositoryRoot, "tests", "data", "audio", "tts-en.wav"),
            "-ss", Invariant(offsetSeconds), "-t", Invariant(seconds), "-ac", "1", "-ar", "16000", path));

    /// <summary>The even width that keeps the talking clip's 512x480 aspect at <paramref name="height"/> lines.</summary>
    public static int WidthFor(int height) => (int)Math.Round(height * 512 / 480.0 / 2) * 2;

    /// <summary>The talking clip's fixed width, or a source's own aspect (an even width) at that many lines.</summary>
    private static string Scale(int height, string? source) => source is null ? $"scale={WidthFor(height)}:{height}" : $"scale=-2:{height}";

    /// <summary>Cached names of inputs made from a source other than the fixtures start with its name, so the two never meet.</summary>
    private static string Stem(string? source, string fixture) => source is null ? fixture : Path.GetFileNameWithoutExtension(source);

    private static string Suffix(string? source) => source is null ? "" : "-" + Path.GetFileNameWithoutExtension(source);

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

    public static void RunFfmpeg(params string[] arguments) => Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);

    /// <summary>Runs a program to its end and returns what it printed; a failure throws with its error output.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        // Both pipes must be drained at once, or a chatty stderr fills its pipe and the program stalls.
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        process.Start();
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed: {errors}");
        return output;
    }

    /// <summary>
    /// A work file made once and reused by later runs. It is written under a temporary name and renamed when
    /// complete, so an interrupted run never leaves half a file to be taken for the real one.
    /// </summary>
    private static string Cached(string name, Action<string> make)
    {
        var path = Path.Combine(WorkDirectory, name);
        if (!File.Exists(path))
        {
            var partial = Path.Combine(WorkDirectory, Path.GetFileNameWithoutExtension(name) + ".partial" + Path.GetExtension(name));
            make(partial);
            File.Move(partial, path, overwrite: true);
        }
        return path;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

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
