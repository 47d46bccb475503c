using Mouthpiece.Bench.Charts;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 1, the engine's cost over the codec floor: a full render against a plain ffmpeg transcode of the same
/// input with the same x264 and AAC settings and the same speech, A/B interleaved, the ratio taken per pair.
/// </summary>
internal static class RenderRatioSection
{
    public const double Target = 1.15;

    private sealed record Row(
        string Input, double PlainSeconds, double RenderSeconds, IReadOnlyList<double> PairRatios, double VideoSecondsPerSecond, double EngineShare,
        double PlainCpuSeconds, double RenderCpuSeconds)
    {
        public double Ratio => Timing.Median(PairRatios);
    }

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        report.Heading("1. Render ÷ plain ffmpeg transcode");
        report.Line(Invariant($"Median of {plan.RatioPairs} A/B pair(s) per input; the ratio is taken per pair (so it need not equal render ÷ plain of the medians when the machine's load changes between pairs). The plain transcode decodes the same file and encodes it with the render's own x264 and AAC settings and the same speech. No face-track cache: every render tracks the faces. Engine share = the engine's CPU seconds (face analysis + mouth rendering) ÷ render wall. CPU seconds (medians) count this process and its ffmpeg processes, which grow far less than wall time with other people's load on the machine."));
        report.Line();
        report.TableHeader("input", "plain (s)", "render (s)", "ratio", "ratio of each pair, in order", "video s per wall s (render)", "engine share of wall",
            "plain CPU s", "render CPU s", "CPU ratio");
        var rows = new List<Row>();
        foreach (var (height, seconds) in plan.RatioInputs)
        {
            report.Status(Invariant($"render ÷ plain: {height}p, {seconds} s"));
            var row = await MeasureAsync(height, seconds, plan.RatioPairs);
            rows.Add(row);
            report.TableRow(row.Input, Invariant($"{row.PlainSeconds:0.00}"), Invariant($"{row.RenderSeconds:0.00}"), Invariant($"{row.Ratio:0.00}"),
                string.Join(", ", row.PairRatios.Select(ratio => Invariant($"{ratio:0.00}"))),
                Invariant($"{row.VideoSecondsPerSecond:0.00}"), Invariant($"{row.EngineShare:P0}"),
                Invariant($"{row.PlainCpuSeconds:0.0}"), Invariant($"{row.RenderCpuSeconds:0.0}"), Invariant($"{row.RenderCpuSeconds / row.PlainCpuSeconds:0.00}"));
        }
        report.Chart("render-ratio.png", "render ÷ plain transcode per input", path => BarChart.Write(path,
            "render / plain ffmpeg transcode (median of pairs)", "ratio", [.. rows.Select(row => row.Input)],
            [new ChartSeries("render / plain", [.. rows.Select(row => row.Ratio)])], "0.00",
            new ReferenceLine(Target, Invariant($"target {Target:0.00}"))));
    }

    /// <summary>A short render first, so the JIT, the landmark model and the ONNX session are not billed to the first measured pair.</summary>
    public static async Task WarmUpAsync()
    {
        var video = BenchMedia.TalkingClip(480, 3);
        await RenderPipeline.RunAsync(new RenderRequest(BenchMedia.Speech(3), video, Path.Combine(BenchMedia.WorkDirectory, "warm-up.mp4")));
    }

    private static async Task<Row> MeasureAsync(int height, int seconds, int pairs)
    {
        var video = seconds <= 10 ? BenchMedia.TalkingClip(height, seconds) : BenchMedia.RepeatedTo(BenchMedia.TalkingClip(height, 10), seconds);
        var speech = BenchMedia.Speech(seconds);
        var info = await MediaProbe.ProbeVideoAsync(video);
        var request = new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "render.mp4"))
        {
            ScratchDirectory = BenchMedia.WorkDirectory,
            FaceTrackCacheDirectory = null,
        };
        var plainArguments = PlainTranscodeArguments(request, info, seconds);
        var measured = new List<(double Plain, double Render, RenderReport Report, double PlainCpu, double RenderCpu)>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var plain = 0.0;
            var plainCpu = await CpuTime.OfAsync(() =>
            {
                plain = Timing.Seconds(() => BenchMedia.RunFfmpeg(plainArguments));
                return Task.CompletedTask;
            });
            RenderReport? rendered = null;
            var render = 0.0;
            var renderCpu = await CpuTime.OfAsync(async () => render = await Timing.SecondsAsync(async () => rendered = await RenderPipeline.RunAsync(request)));
            measured.Add((plain, render, rendered!, plainCpu, renderCpu));
        }
        var renderSeconds = Timing.Median(measured.Select(m => m.Render));
        return new Row(
            Invariant($"{info.Video!.Width}x{info.Video.Height}, {seconds} s"),
            Timing.Median(measured.Select(m => m.Plain)),
            renderSeconds,
            [.. measured.Select(m => m.Render / m.Plain)],
            seconds / renderSeconds,
            Timing.Median(measured.Select(m => m.Report.EngineShareOfWall)),
            Timing.Median(measured.Select(m => m.PlainCpu)),
            Timing.Median(measured.Select(m => m.RenderCpu)));
    }

    /// <summary>What the render does minus the engine: decode the video, encode it with the render's x264 settings, mux the speech as AAC, index first.</summary>
    private static string[] PlainTranscodeArguments(RenderRequest request, MediaInfo info, int seconds)
    {
        var encoding = request.OutputEncoding(info.Video!.Width, info.Video.Height, info.Video.FramesPerSecond);
        return ["-i", info.Path, "-i", request.AudioPath, "-map", "0:v:0", "-map", "1:a:0",
            .. encoding.VideoArguments(), .. H264Settings.AudioArguments(), "-t", Invariant($"{seconds}"),
            .. H264Settings.ContainerArguments(), Path.Combine(BenchMedia.WorkDirectory, "plain.mp4")];
    }
}
