using System.Globalization;

namespace Mouthpiece.Evaluation;

/// <summary>One line of a chart: per-frame values (NaN leaves a gap) and what they are.</summary>
public sealed record ChartCurve(string Label, IReadOnlyList<double> Values);

/// <summary>
/// Draws per-frame curves against time as a PNG line chart, each curve scaled to its own range so that
/// curves in different units (aperture, dB) can be compared by shape: that is what the correlation sees.
/// </summary>
public static class ChartWriter
{
    public const int DefaultWidth = 960;
    public const int DefaultHeight = 360;

    private const int TextScale = ChartStyle.TextScale;
    private const int LineHeight = ChartStyle.LineHeight;
    private const int LeftMargin = 64;
    private const int RightMargin = 20;
    private const int TopMargin = 64;
    private const int BottomMargin = 52;

    private static readonly Rgb Background = ChartStyle.Background;
    private static readonly Rgb Ink = ChartStyle.Ink;
    private static readonly Rgb Grid = ChartStyle.Grid;
    private static readonly Rgb[] Palette = ChartStyle.Palette;

    // Candidate spacings of the time ticks, in seconds; the smallest that keeps labels apart is used.
    private static readonly double[] TickSteps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>Writes the chart as a PNG to <paramref name="output"/>.</summary>
    /// <param name="title">First line of the chart, e.g. the file and its score.</param>
    /// <param name="framesPerSecond">Frame rate of the curves' values, for the time axis.</param>
    /// <param name="curves">Up to four curves, drawn in order; the first is drawn last, on top.</param>
    public static void Write(Stream output, string title, double framesPerSecond, IReadOnlyList<ChartCurve> curves,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count > Palette.Length)
            throw new ArgumentException($"at most {Palette.Length} curves fit one chart", nameof(curves));
        if (!(framesPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "must be positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(width, LeftMargin + RightMargin + 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, TopMargin + BottomMargin + 60);

        var canvas = new RgbCanvas(width, height, Background);
        var plot = new PlotArea(LeftMargin, TopMargin, width - LeftMargin - RightMargin, height - TopMargin - BottomMargin);
        var frames = curves.Count == 0 ? 0 : curves.Max(c => c.Values.Count);
        var seconds = Math.Max(frames - 1, 1) / framesPerSecond;

        canvas.DrawText(LeftMargin, 8, title, Ink, TextScale);
        DrawLegend(canvas, curves, y: 8 + LineHeight + 10);
        DrawAxes(canvas, plot, seconds);
        for (var i = curves.Count - 1; i >= 0; i--)
            DrawCurve(canvas, plot, Normalise(curves[i].Values), frames, Palette[i]);
        PngEncoder.Write(output, width, height, canvas.Pixels);
    }

    /// <summary>
    /// Maps values to 0..1 between their 1st and 99th percentiles (clamped), so a single landmark glitch
    /// does not flatten the rest of the curve. A constant curve sits in the middle.
    /// </summary>
    internal static double[] Normalise(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0)
            return [.. values.Select(_ => double.NaN)];
        var low = finite[(int)(0.01 * (finite.Length - 1))];
        var high = finite[(int)(0.99 * (finite.Length - 1))];
        var range = high - low;
        return [.. values.Select(v => !double.IsFinite(v) ? double.NaN : range > 0 ? Math.Clamp((v - low) / range, 0, 1) : 0.5)];
    }

    internal static double TickStep(double seconds, int plotWidth)
    {
        // A label such as "1800" is about 60 px wide at the chart's text size; keep twice that between ticks.
        var maxTicks = Math.Max(2, plotWidth / 120);
        return TickSteps.FirstOrDefault(step => seconds / step <= maxTicks, TickSteps[^1]);
    }

    private static void DrawLegend(RgbCanvas canvas, IReadOnlyList<ChartCurve> curves, int y)
    {
        var x = LeftMargin;
        for (var i = 0; i < curves.Count; i++)
        {
            canvas.FillRectangle(x, y + LineHeight / 2 - 2, 24, 5, Palette[i]);
            x += 32;
            canvas.DrawText(x, y, curves[i].Label, Ink, TextScale);
            x += BitmapFont.Width(curves[i].Label) * TextScale + 28;
        }
    }

    private static void DrawAxes(RgbCanvas canvas, PlotArea plot, double seconds)
    {
        foreach (var fraction in (ReadOnlySpan<double>)[0, 0.25, 0.5, 0.75, 1])
            canvas.FillRectangle(plot.Left, plot.Y(fraction), plot.Width, 1, Grid);
        canvas.DrawText(plot.Left - 8 - 6 * TextScale, plot.Top - LineHeight / 2, "1", Ink, TextScale);
        canvas.DrawText(plot.Left - 8 - 6 * TextScale, plot.Bottom - LineHeight / 2, "0", Ink, TextScale);

        var step = TickStep(seconds, plot.Width);
        for (var tick = 0; tick * step <= seconds + 1e-9; tick++)
        {
            var time = tick * step;
            var x = plot.Left + (int)Math.Round(time / seconds * (plot.Width - 1));
            canvas.FillRectangle(x, plot.Top, 1, plot.Height, Grid);
            canvas.FillRectangle(x, plot.Bottom, 1, 6, Ink);
            var label = time.ToString("0.#", CultureInfo.InvariantCulture);
            canvas.DrawText(x - BitmapFont.Width(label) * TextScale / 2, plot.Bottom + 10, label, Ink, TextScale);
        }
        const string AxisLabel = "time (s)";
        canvas.DrawText(plot.Right - BitmapFont.Width(AxisLabel) * TextScale, plot.Bottom + 12 + LineHeight, AxisLabel, Ink, TextScale);

        canvas.FillRectangle(plot.Left, plot.Top, 1, plot.Height + 1, Ink);
        canvas.FillRectangle(plot.Left, plot.Bottom, plot.Width, 1, Ink);
    }

    private static void DrawCurve(RgbCanvas canvas, PlotArea plot, double[] values, int frames, Rgb color)
    {
        var xScale = (plot.Width - 1) / (double)Math.Max(frames - 1, 1);
        int? previousX = null, previousY = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                (previousX, previousY) = (null, null);
                continue;
            }
            var x = plot.Left + (int)Math.Round(i * xScale);
            var y = plot.Y(values[i]);
            canvas.DrawLine(previousX ?? x, previousY ?? y, x, y, color, thickness: 2);
            (previousX, previousY) = (x, y);
        }
    }

    private readonly record struct PlotArea(int Left, int Top, int Width, int Height)
    {
        public int Right => Left + Width - 1;

        public int Bottom => Top + Height - 1;

        /// <summary>Row of a normalised value: 1 at the top, 0 at the bottom.</summary>
        public int Y(double fraction) => Bottom - (int)Math.Round(fraction * (Height - 1));
    }
}
