using System.Globalization;

namespace Mouthpiece.Bench.Charts;

/// <summary>Grouped bars: one group per category, one bar per series, each bar with its value printed over it.</summary>
internal static class BarChart
{
    private const int MaxBarWidth = 72;

    /// <param name="valueFormat">How the value over each bar is printed, e.g. "0.00".</param>
    public static void Write(string path, string title, string valueLabel, IReadOnlyList<string> categories,
        IReadOnlyList<ChartSeries> series, string valueFormat, ReferenceLine? reference = null)
    {
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite);
        var frame = new ChartFrame(title, valueLabel, values.DefaultIfEmpty(1).Max(), [.. series.Select(s => s.Label)], reference);
        var groupWidth = frame.PlotWidth / Math.Max(1, categories.Count);
        var barWidth = Math.Min(MaxBarWidth, (int)(groupWidth * 0.75) / Math.Max(1, series.Count));
        for (var group = 0; group < categories.Count; group++)
        {
            var groupLeft = frame.Left + group * groupWidth;
            var barsLeft = groupLeft + (groupWidth - barWidth * series.Count) / 2;
            for (var s = 0; s < series.Count; s++)
                DrawBar(frame, barsLeft + s * barWidth, barWidth, series[s].Values[group], ChartFrame.Palette[s], valueFormat);
            frame.CenteredText(groupLeft + groupWidth / 2, frame.Bottom + 10, categories[group], room: groupWidth - 8);
        }
        frame.Save(path);
    }

    private static void DrawBar(ChartFrame frame, int left, int width, double value, Evaluation.Rgb color, string valueFormat)
    {
        if (!double.IsFinite(value))
            return;
        var top = frame.Y(value);
        // One pixel between neighbouring bars keeps a group's bars apart.
        frame.Canvas.FillRectangle(left, top, width - 1, frame.Bottom - top, color);
        var label = value.ToString(valueFormat, CultureInfo.InvariantCulture);
        var scale = ChartFrame.TextWidth(label) <= width + 8 ? ChartFrame.TextScale : 1;
        frame.Canvas.DrawText(left + (width - ChartFrame.TextWidth(label, scale)) / 2, top - 4 - 8 * scale, label, ChartFrame.Ink, scale);
    }
}
