using Mouthpiece.Bench.Charts;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 2, does the 8–12 Mbps input policy pay? The same content at 1080p and rising bit rates, and at
/// 2160p: (a) rendered as it is, against (b) normalized to the policy first and the normalized file rendered.
/// </summary>
internal static class BitrateStudySection
{
    private static readonly string[] Stages = ["probe", "analysis", "decode", "render", "encode"];

    /// <summary>Single renders on a shared machine vary by a few per cent; a smaller saving per render is no saving.</summary>
    private const double NoiseShare = 0.05;

    private sealed record Row(string Label, string ChartLabel, int Height, long BitRate, double MeasuredMbps,
        RenderReport Raw, double RawSeconds, double NormalizeSeconds, double NormalizedRenderSeconds)
    {
        public double NormalizedTotal => NormalizeSeconds + NormalizedRenderSeconds;

        public bool PaysOff => NormalizedTotal < RawSeconds;

        /// <summary>
        /// Renders of the same video after which normalizing once has paid for itself: the normalized file is kept
        /// and reused, so normalize + n renders of it beat n raw renders from n > normalize ÷ (saving per render).
        /// Null when the saving is within the noise of single runs on a shared machine, where n would be noise too.
        /// </summary>
        public int? BreakEvenRenders
        {
            get
            {
                var saving = RawSeconds - NormalizedRenderSeconds;
                return saving > NoiseShare * RawSeconds ? (int)Math.Floor(NormalizeSeconds / saving) + 1 : null;
            }
        }
    }

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        report.Heading("2. Bitrate study: render as it is, or normalize to 8–12 Mbps first?");
        report.Line(Invariant($"{plan.BitrateSeconds} s of the talking clip with light grain (so the encoder really spends the bit rate), x264 veryfast; the measured bit rate is ffprobe's. (a) raw: the file is rendered directly (2160p is scaled to 1080p on the fly); stage seconds overlap, so the wall time is the total. (b) normalized first: `Normalizer.NormalizeAsync` to the house standard (10 Mbps, ≤1080p, preset fast, full priority here), then the normalized file is rendered. No face-track cache. Break-even: in the product the normalized file is reused by every later render of the same video, so normalizing once pays off after this many renders, if rendering the normalized file saves more than {NoiseShare:P0} per render (less is within the noise of single runs)."));
        report.Line();
        report.TableHeader(["input", "measured Mbps", .. Stages.Select(stage => $"(a) {stage} (s)"), "(a) total = wall (s)",
            "(b) normalize (s)", "(b) render (s)", "(b) total (s)", "normalizing first pays off?", "break-even (renders of the video)"]);
        var rows = new List<Row>();
        foreach (var (height, bitRate) in Variants(plan))
        {
            report.Status(Invariant($"bitrate study: {height}p {bitRate / 1e6:0} Mbps"));
            var row = await MeasureAsync(height, bitRate, plan.BitrateSeconds);
            rows.Add(row);
            WriteRow(report, row);
        }
        report.Line();
        report.Line("**" + Verdict(rows, plan) + "**");
        report.Chart("bitrate-study.png", "raw render vs normalize + render, per bit rate", path => BarChart.Write(path,
            Invariant($"{plan.BitrateSeconds} s input: (a) raw render vs (b) normalize + render"), "seconds",
            [.. rows.Select(row => row.ChartLabel)],
            [new ChartSeries("(a) raw render", [.. rows.Select(row => row.RawSeconds)]),
             new ChartSeries("(b) normalize + render", [.. rows.Select(row => row.NormalizedTotal)])], "0.0"));
    }

    private static IEnumerable<(int Height, long BitRate)> Variants(SuitePlan plan) =>
        [.. plan.BitRates1080.Select(rate => (1080, rate)), (2160, plan.BitRate2160)];

    private static async Task<Row> MeasureAsync(int height, long bitRate, int seconds)
    {
        var clip = BenchMedia.CameraClip(height, seconds, bitRate);
        var speech = BenchMedia.Speech(seconds);
        var info = await MediaProbe.ProbeVideoAsync(clip);

        RenderReport? raw = null;
        var rawSeconds = await Timing.SecondsAsync(async () => raw = await RenderAsync(speech, clip));
        var normalized = Path.Combine(BenchMedia.WorkDirectory, "normalized.mp4");
        var normalizeSeconds = await Timing.SecondsAsync(() => Normalizer.NormalizeAsync(info, normalized, new NormalizeOptions()));
        var normalizedRenderSeconds = await Timing.SecondsAsync(() => RenderAsync(speech, normalized));

        var mbps = bitRate / 1e6;
        return new Row(Invariant($"{info.Video!.Width}x{info.Video.Height}, {mbps:0} Mbps"),
            Invariant($"{height}p\n{mbps:0} Mbps"),
            height, bitRate, (info.Video.BitRate ?? 0) / 1e6, raw!, rawSeconds, normalizeSeconds, normalizedRenderSeconds);
    }

    private static Task<RenderReport> RenderAsync(string speech, string video) =>
        RenderPipeline.RunAsync(new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "bitrate-render.mp4"))
        {
            ScratchDirectory = BenchMedia.WorkDirectory,
            FaceTrackCacheDirectory = null,
        });

    private static void WriteRow(SuiteReport report, Row row) => report.TableRow([
        row.Label,
        Invariant($"{row.MeasuredMbps:0.0}"),
        .. Stages.Select(stage => Invariant($"{row.Raw.StageSeconds.GetValueOrDefault(stage):0.00}")),
        Invariant($"{row.RawSeconds:0.00}"),
        Invariant($"{row.NormalizeSeconds:0.00}"),
        Invariant($"{row.NormalizedRenderSeconds:0.00}"),
        Invariant($"{row.NormalizedTotal:0.00}"),
        row.PaysOff ? "yes" : "no",
        row.BreakEvenRenders is { } n ? Invariant($"{n}") : Invariant($"never (saves under {NoiseShare:P0} per render)"),
    ]);

    /// <summary>The one-line answer: the lowest 1080p bit rate from which normalizing first wins at every higher rate too, and the 2160p case.</summary>
    private static string Verdict(List<Row> rows, SuitePlan plan)
    {
        var fullHd = rows.Where(row => row.Height == 1080).OrderBy(row => row.BitRate).ToList();
        var from = Enumerable.Range(0, fullHd.Count).FirstOrDefault(i => fullHd.Skip(i).All(row => row.PaysOff), -1);
        var fullHdAnswer = from >= 0
            ? Invariant($"normalizing first pays off from {fullHd[from].BitRate / 1e6:0} Mbps at 1080p")
            : Invariant($"normalizing first never pays off within {plan.BitRates1080.Min() / 1e6:0}–{plan.BitRates1080.Max() / 1e6:0} Mbps at 1080p");
        var uhd = rows.Single(row => row.Height == 2160);
        var uhdAnswer = Invariant($"at 2160p {uhd.BitRate / 1e6:0} Mbps it {(uhd.PaysOff ? "does" : "does not")} ({uhd.NormalizedTotal:0.0} s normalized first vs {uhd.RawSeconds:0.0} s raw)");
        var breakEven = rows.Where(row => row.BreakEvenRenders is not null)
            .Select(row => Invariant($"{row.BreakEvenRenders} at {row.Height}p {row.BitRate / 1e6:0} Mbps"));
        return $"{fullHdAnswer}; {uhdAnswer}. Normalized once and reused, it pays off after this many renders of the same video: {string.Join(", ", breakEven.DefaultIfEmpty("never, at any bit rate"))}.";
    }
}
