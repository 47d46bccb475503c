using System.Globalization;
using Mouthpiece.Charts;
using ScottPlot;

namespace Mouthpiece.Bench.Charts;

/// <summary>Values against a numeric x axis from 0, one line per series, each point marked and labelled with its value.</summary>
internal static class LineChart
{
    private const int Width = 960;
    private const int Height = 420;

    public static void Write(string path, string title, string valueLabel, string xLabel, IReadOnlyList<double> xs,
        IReadOnlyList<ChartSeries> series, string valueFormat)
    {
        var plot = ChartStyle.NewPlot();
        var x = xs.ToArray();
        foreach (var run in series)
        {
            var line = plot.Add.Scatter(x, run.Values.ToArray());
            line.LegendText = run.Label;
            line.LineWidth = 3;
            line.MarkerSize = 9;
            for (var i = 0; i < x.Length; i++)
            {
                if (double.IsFinite(run.Values[i]))
                {
                    var label = plot.Add.Text(run.Values[i].ToString(valueFormat, CultureInfo.InvariantCulture), x[i], run.Values[i]);
                    label.LabelFontSize = 14;
                    label.LabelAlignment = Alignment.LowerLeft;
                    label.OffsetX = 6;
                    label.OffsetY = -6;
                }
            }
        }
        plot.Axes.Bottom.SetTicks(x, [.. xs.Select(value => value.ToString("0.##", CultureInfo.InvariantCulture))]);
        // The value axis starts at 0, so heights compare as ratios; the headroom keeps the labels inside the plot.
        plot.Axes.SetLimits(0, xs.Max() * 1.08, 0, series.SelectMany(run => run.Values).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.15);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(valueLabel);
        plot.ShowLegend(Edge.Top);
        plot.SavePng(path, Width, Height);
    }
}
