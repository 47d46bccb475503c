using System.Globalization;
using Mouthpiece.Evaluation;
using ScottPlot;

namespace Mouthpiece.Cli.Charts;

/// <summary>
/// The curves of a lip-sync evaluation against time (<c>mouthpiece evaluate --chart</c>), each scaled to its own
/// range so that curves in different units (aperture, dB) can be compared by shape: that is what the correlation sees.
/// </summary>
public static class EvaluationChart
{
    public const int Width = 960;
    public const int Height = 360;

    /// <summary>Writes the chart as a PNG file at <paramref name="path"/>, titled with the scores.</summary>
    public static void Write(LipSyncEvaluation evaluation, string path)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var plot = ChartStyle.NewPlot();
        plot.Title(Title(evaluation.Report));
        var seconds = Enumerable.Range(0, evaluation.Aperture.FrameCount).Select(frame => frame / evaluation.Aperture.FramesPerSecond).ToArray();
        AddCurve(plot, seconds, "mouth aperture", evaluation.Aperture.Values);
        AddCurve(plot, seconds, "speech level", evaluation.Envelope);
        if (evaluation.TruthAperture is { } truth)
            AddCurve(plot, seconds, "real mouth aperture", truth.Values);
        plot.XLabel("time (s)");
        plot.YLabel("scaled to its range");
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Edge.Top);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Maps values to 0..1 between their 1st and 99th percentiles (clamped), so a single landmark glitch
    /// does not flatten the rest of the curve. A constant curve sits in the middle; NaN stays a gap.
    /// </summary>
    public static double[] Normalise(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
            return [.. values.Select(_ => double.NaN)];
        var low = finite[(int)(0.01 * (finite.Length - 1))];
        var high = finite[(int)(0.99 * (finite.Length - 1))];
        var range = high - low;
        return [.. values.Select(v => !double.IsFinite(v) ? double.NaN : range > 0 ? Math.Clamp((v - low) / range, 0, 1) : 0.5)];
    }

    private static void AddCurve(Plot plot, double[] seconds, string label, IReadOnlyList<double> values)
    {
        var count = Math.Min(seconds.Length, values.Count);
        var line = plot.Add.ScatterLine(seconds[..count], Normalise(values)[..count]);
        line.LegendText = label;
        line.LineWidth = 2;
    }

    private static string Title(EvaluationReport report)
    {
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(report.Video)}   sync {report.Score:0.00} at lag {report.Lag:+0;-0;0}");
        return report.TruthScore is { } truth
            ? title + string.Create(CultureInfo.InvariantCulture, $"   truth {truth:0.00} at lag {report.TruthLag:+0;-0;0}")
            : title;
    }
}
