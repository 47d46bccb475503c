using System.Globalization;
using Mouthpiece.Charts;
using ScottPlot;

namespace Mouthpiece.Bench.Charts;

/// <summary>Grouped bars: one group per category, one bar per series, each bar with its value printed over it.</summary>
internal static class BarChart
{
    private const int Width = 960;
    private const int Height = 420;

    /// <param name="valueFormat">How the value over each bar is printed, e.g. "0.00".</param>
    public static void Write(string path, string title, string valueLabel, IReadOnlyList<string> categories,
        IReadOnlyList<ChartSeries> series, string valueFormat, ReferenceLine? reference = null)
    {
        var plot = ChartStyle.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        // One slot per series and one left empty between groups.
        var slots = series.Count + 1;
        var bars = new List<Bar>();
        for (var group = 0; group < categories.Count; group++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[group];
                if (double.IsFinite(value))
                {
                    bars.Add(new Bar
                    {
                        Position = group * slots + s,
                        Value = value,
                        FillColor = palette.GetColor(s),
                        Label = value.ToString(valueFormat, CultureInfo.InvariantCulture),
                    });
                }
            }
        }
        // Under the bars, so it never hides a printed value.
        if (reference is not null)
        {
            var line = plot.Add.HorizontalLine(reference.Value, color: palette.GetColor(3), pattern: LinePattern.Dashed);
            line.LegendText = reference.Label;
        }
        plot.Add.Bars(bars).ValueLabelStyle.FontSize = 14;
        for (var s = 0; s < series.Count; s++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = palette.GetColor(s) });
        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, categories.Count).Select(group => group * slots + (series.Count - 1) / 2.0)], [.. categories]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Bars stand on the axis; the headroom above the highest keeps its printed value inside the plot.
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(valueLabel);
        plot.ShowLegend(Edge.Top);
        plot.SavePng(path, Width, Height);
    }
}
