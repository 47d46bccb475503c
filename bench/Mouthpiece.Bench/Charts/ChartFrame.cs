using System.Globalization;
using Mouthpiece.Evaluation;

namespace Mouthpiece.Bench.Charts;

/// <summary>A named run of values: one bar per category, or one point per x.</summary>
internal sealed record ChartSeries(string Label, IReadOnlyList<double> Values);

/// <summary>A horizontal line across the plot at a value worth comparing against, such as a target.</summary>
internal sealed record ReferenceLine(double Value, string Label);

/// <summary>
/// What every suite chart shares: a title, a legend, a value axis that starts at 0 with round ticks, and the
/// plot area. Drawing, text and PNG come from Core's chart pieces (<see cref="RgbCanvas"/>, <see cref="BitmapFont"/>,
/// <see cref="PngEncoder"/>); colours and text size are <see cref="ChartStyle"/>'s, as <see cref="ChartWriter"/>'s are.
/// </summary>
internal sealed class ChartFrame
{
    public const int TextScale = ChartStyle.TextScale;
    public const int LineHeight = ChartStyle.LineHeight;

    private const int Width = 960;
    private const int Height = 420;
    private const int RightMargin = 24;
    private const int TopMargin = 76;
    private const int BottomMargin = 64;

    public static readonly Rgb Ink = ChartStyle.Ink;
    public static readonly Rgb[] Palette = ChartStyle.Palette;

    private static readonly Rgb Background = ChartStyle.Background;
    private static readonly Rgb Grid = ChartStyle.Grid;
    private static readonly double[] RoundSteps = [1, 2, 5, 10];

    private readonly double axisMax;
    private readonly ReferenceLine? reference;

    /// <param name="reference">A line to draw across the plot (its label goes into the legend, where no bar can cover it).</param>
    public ChartFrame(string title, string valueLabel, double maxValue, IReadOnlyList<string> legend, ReferenceLine? reference = null)
    {
        // The last colour is kept for the reference line.
        if (legend.Count >= Palette.Length)
            throw new ArgumentException($"at most {Palette.Length - 1} series fit one chart", nameof(legend));
        maxValue = Math.Max(maxValue, reference?.Value ?? 0);
        var step = TickStep(maxValue);
        // Headroom above the highest value leaves room for the value printed over a bar or point.
        axisMax = step * Math.Ceiling(Math.Max(maxValue, step) * 1.12 / step);
        var ticks = Enumerable.Range(0, (int)Math.Round(axisMax / step) + 1).Select(i => i * step).ToList();
        Left = 16 + ticks.Max(tick => TextWidth(FormatTick(tick)));
        Top = TopMargin;
        PlotWidth = Width - Left - RightMargin;
        PlotHeight = Height - TopMargin - BottomMargin;
        Canvas = new RgbCanvas(Width, Height, Background);

        Canvas.DrawText(Left, 8, title, Ink, TextScale);
        DrawLegend(legend, reference, y: 8 + LineHeight + 8);
        DrawValueAxis(ticks, valueLabel);
        this.reference = reference;
    }

    public RgbCanvas Canvas { get; }

    public int Left { get; }

    public int Top { get; }

    public int PlotWidth { get; }

    public int PlotHeight { get; }

    public int Bottom => Top + PlotHeight - 1;

    public int Right => Left + PlotWidth - 1;

    /// <summary>The row of a value on the value axis (clamped to the plot).</summary>
    public int Y(double value) => Bottom - (int)Math.Round(Math.Clamp(value / axisMax, 0, 1) * (PlotHeight - 1));

    public static int TextWidth(string text, int scale = TextScale) => BitmapFont.Width(text) * scale;

    /// <summary>
    /// Text centred on <paramref name="centerX"/>, one line per '\n', at the chart's size when every line fits
    /// <paramref name="room"/> pixels, else at half size.
    /// </summary>
    public void CenteredText(int centerX, int y, string text, int room)
    {
        var lines = text.Split('\n');
        var scale = lines.All(line => TextWidth(line) <= room) ? TextScale : 1;
        foreach (var line in lines)
        {
            Canvas.DrawText(centerX - TextWidth(line, scale) / 2, y, line, Ink, scale);
            y += (BitmapFont.GlyphHeight + 3) * scale;
        }
    }

    /// <summary>
    /// Draws what must lie over the bars and lines (the axis line, with <paramref name="axisLabel"/> at its right
    /// end, and the reference line), then writes the PNG.
    /// </summary>
    public void Save(string path, string? axisLabel = null)
    {
        if (reference is not null)
            DrawDashes(Left, Right, Y(reference.Value));
        Canvas.FillRectangle(Left, Bottom, PlotWidth, 1, Ink);
        if (axisLabel is not null)
            Canvas.DrawText(Right - TextWidth(axisLabel), Bottom + 14 + LineHeight, axisLabel, Ink, TextScale);
        using var file = File.Create(path);
        PngEncoder.Write(file, Canvas.Width, Canvas.Height, Canvas.Pixels);
    }

    /// <summary>1, 2 or 5 times a power of ten, so that about five ticks cover the values.</summary>
    internal static double TickStep(double maxValue)
    {
        if (!(maxValue > 0))
            return 1;
        var rough = maxValue / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return RoundSteps.Select(m => m * magnitude).First(step => step >= rough * 0.999);
    }

    private static string FormatTick(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private void DrawLegend(IReadOnlyList<string> legend, ReferenceLine? reference, int y)
    {
        var x = Left;
        for (var i = 0; i < legend.Count; i++)
        {
            Canvas.FillRectangle(x, y + LineHeight / 2 - 5, 14, 10, Palette[i]);
            x = LegendLabel(x + 22, y, legend[i]);
        }
        if (reference is not null)
        {
            DrawDashes(x, x + 26, y + LineHeight / 2);
            LegendLabel(x + 34, y, reference.Label);
        }
    }

    private int LegendLabel(int x, int y, string label)
    {
        Canvas.DrawText(x, y, label, Ink, TextScale);
        return x + TextWidth(label) + 28;
    }

    private void DrawDashes(int from, int to, int y)
    {
        for (var x = from; x < to; x += 12)
            Canvas.FillRectangle(x, y - 1, Math.Min(7, to - x), 2, Palette[^1]);
    }

    private void DrawValueAxis(List<double> ticks, string valueLabel)
    {
        foreach (var tick in ticks)
        {
            var y = Y(tick);
            Canvas.FillRectangle(Left, y, PlotWidth, 1, Grid);
            var label = FormatTick(tick);
            Canvas.DrawText(Left - 8 - TextWidth(label), y - LineHeight / 2 + 1, label, Ink, TextScale);
        }
        Canvas.FillRectangle(Left, Top, 1, PlotHeight, Ink);
        Canvas.DrawText(Left + 6, Top - LineHeight - 2, valueLabel, Ink, TextScale);
    }
}
