using System.Globalization;
using Mouthpiece.Evaluation;
using ScottPlot;

namespace Mouthpiece.Charts;

/// <summary>
/// The curves of a lip-sync evaluation against time (<c>mouthpiece evaluate --chart</c>, and each result's sync chart), each scaled to its own
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
        List<Curve> curves = [new("mouth aperture", evaluation.Aperture.Values), new("speech level", evaluation.Envelope)];
        if (evaluation.TruthAperture is { } truth)
            curves.Add(new("real mouth aperture", truth.Values));
        var plot = Curves(Title(evaluation.Report), evaluation.Aperture.FramesPerSecond, curves, "time (s)", "scaled to its range");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// A render's sync chart as PNG bytes: the mouth opening the render drew against the speech's loudness, frame by
    /// frame, worded by the caller (the page's language).
    /// </summary>
    public static byte[] SyncPng(string title, double framesPerSecond, IReadOnlyList<Curve> curves, string timeLabel, string valueLabel)
    {
        using var image = Curves(title, framesPerSecond, curves, timeLabel, valueLabel).GetImage(Width, Height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    private static Plot Curves(string title, double framesPerSecond, IReadOnlyList<Curve> curves, string timeLabel, string valueLabel)
    {
        var plot = ChartStyle.NewPlot();
        plot.Title(title);
        var frames = curves.Max(curve => curve.Values.Count);
        var seconds = Enumerable.Range(0, frames).Select(frame => frame / framesPerSecond).ToArray();
        foreach (var curve in curves)
            AddCurve(plot, seconds, curve.Label, curve.Values);
        plot.XLabel(timeLabel);
        plot.YLabel(valueLabel);
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Edge.Top);
        return plot;
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
