using Mouthpiece.Bench.Suite;
using Mouthpiece.Evaluation;
using static System.FormattableString;

namespace Mouthpiece.Bench.Quality;

/// <summary>One truth clip: its reversed video rendered with its own speech, against the real recording.</summary>
internal sealed record TruthRow(
    string Clip,
    int Frames,
    LaggedCorrelation Truth,
    LaggedCorrelation WidthTruth,
    LaggedCorrelation Oracle,
    double Amplitude,
    double LearnedRange,
    LaggedCorrelation Envelope,
    double Stability,
    double OutsidePsnr,
    string Mode,
    string Strip);

/// <summary>One avatar rendered with speech that has nothing to do with its video.</summary>
internal sealed record UnrelatedRow(
    string Video,
    string Speech,
    LaggedCorrelation Envelope,
    PlanFollowing Following,
    double RenderedP90,
    double SourceP90,
    double Stability,
    string Mode,
    string Strip);

/// <summary>
/// Where a weak envelope score comes from, step by step: the opening the plan asks for against the speech's loudness
/// (best lag within ±15 frames), the planned atlas samples' own openings against that target, and the opening the
/// meter finds in the render against the target (both at lag 0).
/// </summary>
internal sealed record PlanFollowing(LaggedCorrelation TargetToLoudness, double SamplesToTarget, double RenderedToTarget)
{
    /// <summary>
    /// The series behind the three numbers, one row per output frame, for a closer look; a truth clip adds the real
    /// recording's opening (<paramref name="real"/>) and that of the source frame the render showed (<paramref name="shown"/>).
    /// </summary>
    public static void WriteCsv(string path, double[] loudness, double[] target, double[] samples, double[] painted, double[] rendered, double[]? real = null, double[]? shown = null)
    {
        static string At(double[]? series, int i) => series is not null && i < series.Length && double.IsFinite(series[i]) ? Invariant($"{series[i]:0.####}") : "";
        using var writer = new StreamWriter(path);
        writer.WriteLine("frame,loudness_db,target,sample,painted,rendered" + (real is null ? "" : ",real,shown"));
        for (var i = 0; i < rendered.Length; i++)
        {
            var truth = real is null ? "" : $",{At(real, i)},{At(shown, i)}";
            writer.WriteLine(Invariant($"{i},{At(loudness, i)},{At(target, i)},{At(samples, i)},{At(painted, i)},{At(rendered, i)}") + truth);
        }
    }
}

/// <summary>The truth table and the issue's bars it is held against.</summary>
internal static class TruthTable
{
    // The bars of the engine issue's "done when".
    private const double TruthOfOracle = 0.9;
    private const double BelowOracleAtMost = 0.15;
    private const double MaxStability = 1.3;
    private const double MinAmplitude = 0.8;
    private const double MaxAmplitude = 1.25;

    public static void Write(SuiteReport report, IReadOnlyList<TruthRow> rows)
    {
        report.Heading("Truth set: reversed video, own speech, against the real recording");
        report.Line("truth: rendered vs real inner-lip opening (best lag within ±3 frames); width: the same for mouth width; oracle: log energy 300–2500 Hz of the speech vs the real opening (same lag rule), what audio alone supports; amplitude: p90 rendered ÷ p90 real opening; range: the p90 the engine learned from the (reversed) video and drew to, ÷ p90 real opening (below the amplitude: the drawing fell short of the plan; `plan-<clip>.csv` has the series per frame); envelope: rendered opening vs speech loudness (±15 frames); stability: median frame-to-frame change in the mouth region, rendered ÷ real; PSNR: luma outside the lower face against the render's input.");
        report.Line();
        report.TableHeader("clip", "frames", "truth (lag)", "oracle (lag)", "truth − oracle", "width (lag)", "amplitude", "range", "envelope (lag)", "stability", "PSNR outside (dB)", "mouth", "strip");
        foreach (var row in rows)
        {
            report.TableRow(row.Clip, Invariant($"{row.Frames}"), Lagged(row.Truth), Lagged(row.Oracle), Invariant($"{row.Truth.Correlation - row.Oracle.Correlation:+0.00;-0.00;0.00}"),
                Lagged(row.WidthTruth), Invariant($"{row.Amplitude:0.00}"), Invariant($"{row.LearnedRange:0.00}"), Lagged(row.Envelope), Invariant($"{row.Stability:0.00}"),
                Invariant($"{row.OutsidePsnr:0.0}"), row.Mode, $"[png]({row.Strip})");
        }
        var meanTruth = rows.Average(row => row.Truth.Correlation);
        var meanOracle = rows.Average(row => row.Oracle.Correlation);
        report.TableRow("**mean**", "", Invariant($"**{meanTruth:0.000}**"), Invariant($"**{meanOracle:0.000}**"), Invariant($"{meanTruth - meanOracle:+0.00;-0.00;0.00}"),
            Invariant($"{rows.Average(row => row.WidthTruth.Correlation):0.00}"), Invariant($"{rows.Average(row => row.Amplitude):0.00}"), Invariant($"{rows.Average(row => row.LearnedRange):0.00}"),
            Invariant($"{rows.Average(row => row.Envelope.Correlation):0.00}"), Invariant($"{rows.Average(row => row.Stability):0.00}"),
            Invariant($"{rows.Average(row => row.OutsidePsnr):0.0}"), "", "");
        report.Line();
        report.Line("Against the bars of the engine issue:");
        report.Line();
        Bar(report, Invariant($"mean truth ≥ {TruthOfOracle} × mean oracle ({meanTruth / meanOracle:0.00} × oracle)"), meanTruth >= TruthOfOracle * meanOracle);
        Bar(report, Invariant($"no clip below its oracle − {BelowOracleAtMost}"), rows.All(row => row.Truth.Correlation >= row.Oracle.Correlation - BelowOracleAtMost), rows.Where(row => row.Truth.Correlation < row.Oracle.Correlation - BelowOracleAtMost));
        Bar(report, Invariant($"stability ≤ {MaxStability} on every clip"), rows.All(row => row.Stability <= MaxStability), rows.Where(row => row.Stability > MaxStability));
        Bar(report, Invariant($"amplitude within {MinAmplitude}–{MaxAmplitude} on every clip"), rows.All(row => row.Amplitude is >= MinAmplitude and <= MaxAmplitude), rows.Where(row => row.Amplitude is < MinAmplitude or > MaxAmplitude));
    }

    private static void Bar(SuiteReport report, string text, bool met, IEnumerable<TruthRow>? failing = null)
    {
        var names = failing is null ? "" : string.Join(", ", failing.Select(row => row.Clip));
        report.Line($"- {(met ? "✓" : "✗")} {text}{(names.Length > 0 ? $" — not: {names}" : "")}");
    }

    public static string Lagged(LaggedCorrelation value) => Invariant($"{value.Correlation:0.00} ({value.Lag:+0;-0;0})");
}

/// <summary>The avatars with unrelated speech, and the issue's bar for them.</summary>
internal static class UnrelatedTable
{
    private const double MinEnvelope = 0.6;
    private const int MaxLag = 1;

    public static void Write(SuiteReport report, IReadOnlyList<UnrelatedRow> rows)
    {
        report.Heading("Avatars with unrelated speech");
        if (rows.Count == 0)
        {
            report.Line("No avatars or speech found in the media folder; skipped.");
            return;
        }
        report.Line("envelope: rendered opening vs the speech's loudness (best lag within ±15 frames, positive: the mouth trails the sound); target: the opening the engine's plan asks for vs the loudness (same lag rule); samples: the planned atlas samples' own openings vs the target (lag 0, samples mode and hybrid only); render: the opening measured in the render vs the target (lag 0); p90: the opening's 90th percentile, rendered and in the video as it was; stability: median frame-to-frame change in the mouth region, rendered ÷ the video as it was.");
        report.Line();
        report.TableHeader("video", "speech", "envelope (lag)", "target (lag)", "samples", "render", "p90 rendered", "p90 source", "stability", "mouth", "strip");
        foreach (var row in rows)
        {
            report.TableRow(row.Video, row.Speech, TruthTable.Lagged(row.Envelope), TruthTable.Lagged(row.Following.TargetToLoudness),
                Invariant($"{row.Following.SamplesToTarget:0.00}"), Invariant($"{row.Following.RenderedToTarget:0.00}"),
                Invariant($"{row.RenderedP90:0.000}"), Invariant($"{row.SourceP90:0.000}"),
                Invariant($"{row.Stability:0.00}"), row.Mode, $"[png]({row.Strip})");
        }
        report.Line();
        var failing = rows.Where(row => row.Envelope.Correlation < MinEnvelope || Math.Abs(row.Envelope.Lag) > MaxLag).ToList();
        var names = string.Join(", ", failing.Select(row => $"{row.Video} ({row.Speech})"));
        report.Line(Invariant($"- {(failing.Count == 0 ? "✓" : "✗")} envelope ≥ {MinEnvelope} and |lag| ≤ {MaxLag} on every clip") + (names.Length > 0 ? " — not: " + names : ""));
    }
}
