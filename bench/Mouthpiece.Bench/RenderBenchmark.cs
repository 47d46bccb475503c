using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Bench;

/// <summary>
/// The engine's cost over the codec floor: a full render against a plain ffmpeg transcode of the same
/// input with the same encoder settings and the same audio, A/B interleaved; then peak memory of the
/// CLI for a short and a five times longer input; then a second render of the same video with other speech.
/// </summary>
internal static class RenderBenchmark
{
    private static readonly string Cli = Path.Combine(BenchMedia.RepositoryRoot, "src", "Mouthpiece.Cli", "bin", "Release", "net10.0", "mouthpiece.dll");

    public static async Task RunAsync(bool quick, bool measureMemory)
    {
        var seconds = quick ? 4 : 10;
        var repeats = quick ? 1 : 3;
        Console.WriteLine("| input | plain ffmpeg (s) | render (s) | ratio | render fps |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var height in quick ? new[] { 720 } : [720, 1080])
            await CompareWithTranscodeAsync(height, seconds, repeats);
        if (measureMemory)
            await CompareMemoryAsync();
        await CompareCachedRenderAsync(quick ? 4 : 10);
    }

    private static async Task CompareWithTranscodeAsync(int height, int seconds, int repeats)
    {
        var video = BenchMedia.TalkingClip(height, seconds);
        var speech = BenchMedia.Speech(seconds);
        var info = await MediaProbe.ProbeVideoAsync(video);
        var request = new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "render.mp4"))
        {
            ScratchDirectory = BenchMedia.WorkDirectory,
        };
        var encoding = request.OutputEncoding(info.Video!.Width, info.Video.Height, info.Video.FramesPerSecond);
        var plain = new List<double>();
        var rendered = new List<double>();
        double fps = 0;
        for (var i = 0; i < repeats; i++)
        {
            plain.Add(Timing.Seconds(() => BenchMedia.RunFfmpeg(["-i", video, "-i", speech, "-map", "0:v:0", "-map", "1:a:0",
                .. encoding.VideoArguments(), .. H264Settings.AudioArguments(), "-t", seconds.ToString(CultureInfo.InvariantCulture),
                "-f", "mp4", Path.Combine(BenchMedia.WorkDirectory, "plain.mp4")])));
            var clock = Stopwatch.StartNew();
            var report = await RenderPipeline.RunAsync(request);
            rendered.Add(clock.Elapsed.TotalSeconds);
            fps = report.RenderFramesPerSecond;
        }
        var ratio = Timing.Median(plain.Zip(rendered, (p, r) => r / p).ToList());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {info.Video.Width}x{info.Video.Height}, {seconds} s | {Timing.Median(plain):0.00} | {Timing.Median(rendered):0.00} | {ratio:0.00} | {fps:0.0} |"));
    }

    /// <summary>Memory must not grow with duration: the same render at 1 and 5 minutes, as the CLI runs it.</summary>
    private static async Task CompareMemoryAsync()
    {
        Console.WriteLine();
        Console.WriteLine("| input (720p, video and speech equally long) | peak RSS, CLI + ffmpeg (MB) | wall (s) |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (var minutes in new[] { 1, 5 })
        {
            var video = BenchMedia.TalkingClip(720, 60 * minutes, bitRate: 4_000_000);
            var speech = BenchMedia.Speech(60 * minutes);
            var (peak, elapsed, exitCode) = await PeakMemory.RunAsync("dotnet",
                [Cli, "render", "--audio", speech, "--video", video, "--output", Path.Combine(BenchMedia.WorkDirectory, "long.mp4"),
                 "--data", Path.Combine(BenchMedia.WorkDirectory, "data")]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {minutes} min{(exitCode == 0 ? "" : " (FAILED)")} | {peak / 1e6:0} | {elapsed.TotalSeconds:0.0} |"));
        }
    }

    /// <summary>The face track of a video is cached: a second render with other speech skips face analysis.</summary>
    private static async Task CompareCachedRenderAsync(int seconds)
    {
        var video = BenchMedia.TalkingClip(720, seconds);
        var cache = Directory.CreateTempSubdirectory("mouthpiece-bench-cache-").FullName;
        Console.WriteLine();
        Console.WriteLine("| render of the same 720p video | wall (s) | face stage (s) | from cache |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (label, speech) in new[] { ("first", BenchMedia.Speech(seconds)), ("second, other speech", BenchMedia.Speech(seconds, offsetSeconds: 1)) })
        {
            var request = new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "cached.mp4"))
            {
                FaceTrackCacheDirectory = cache,
                ScratchDirectory = BenchMedia.WorkDirectory,
            };
            var report = await RenderPipeline.RunAsync(request);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {report.WallSeconds:0.00} | {report.StageSeconds.GetValueOrDefault("faces"):0.00} | {report.FaceTrackFromCache} |"));
        }
        Directory.Delete(cache, recursive: true);
    }
}
