using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// Inputs made from the test fixtures, so a fresh clone needs nothing else: the talking clip scaled to a
/// height (cached in <c>bench/results/work/</c>), its frames, and the test speech as analysis PCM.
/// A trimmed copy of Mouthpiece.Bench's BenchMedia; the two projects stay independent.
/// </summary>
internal static class ComponentMedia
{
    /// <summary>A frame from the middle of the clip, where the speaker's face is settled.</summary>
    private const int SampleFrameIndex = 30;

    public static string RepositoryRoot { get; } = FindRoot();

    private static string WorkDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(RepositoryRoot, "bench", "results", "work")).FullName;

    /// <summary>The talking clip looped to <paramref name="seconds"/> and scaled to <paramref name="height"/> lines (aspect kept).</summary>
    public static string TalkingClip(int height, int seconds)
    {
        var path = Path.Combine(WorkDirectory, $"components-talking-{height}p-{seconds}s.mp4");
        if (File.Exists(path))
            return path;
        // Written aside and renamed, so an interrupted run never leaves a truncated clip in the cache.
        var partial = path + ".partial.mp4";
        var width = (int)Math.Round(height * 512 / 480.0 / 2) * 2;
        RunFfmpeg("-stream_loop", "-1", "-i", Fixture("media", "talking-3s.mp4"), "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-vf", $"scale={width}:{height}", "-c:v", "libx264", "-preset", "fast", "-b:v", "10M",
            "-c:a", "aac", "-movflags", "+faststart", partial);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Waits for a setup step. BenchmarkDotNet 0.14's in-process toolchain calls an async [GlobalSetup]
    /// without awaiting it, so setups block here instead, as BenchmarkDotNet's own generated code does.
    /// There is no synchronization context in a console process, so this cannot deadlock.
    /// </summary>
    public static T Await<T>(Task<T> setupStep) => setupStep.GetAwaiter().GetResult();

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

    /// <summary>One real frame of the talking clip at <paramref name="height"/> and the face box the detector finds in it.</summary>
    public static async Task<(VideoFrame Frame, FaceBox Box)> FaceFrameAsync(int height)
    {
        var frames = await DecodeAsync(TalkingClip(height, seconds: 2), SampleFrameIndex + 1);
        var frame = frames[SampleFrameIndex];
        using var detector = new FaceDetector();
        var faces = detector.Detect(frame);
        if (faces.Count == 0)
            throw new InvalidOperationException($"no face found in frame {SampleFrameIndex} of the {height}p clip");
        return (frame, faces[0].Box);
    }

    /// <summary>The English test sentence as 16 kHz mono float samples, decoded the way a render decodes speech.</summary>
    public static async Task<float[]> SpeechAsync()
    {
        var info = await MediaProbe.ProbeAudioAsync(Fixture("audio", "tts-en.wav"));
        using var pcm = await AudioDecoder.DecodeMonoAsync(info);
        return pcm.ToArray();
    }

    private static string Fixture(string folder, string name) => Path.Combine(RepositoryRoot, "tests", "data", folder, name);

    private static void RunFfmpeg(params string[] arguments)
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
