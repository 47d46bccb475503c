using System.Globalization;

namespace Mouthpiece.Bench.Charts;

/// <summary>Values against a numeric x axis from 0, one line per series, each point marked and labelled with its value.</summary>
internal static class LineChart
{
    public static void Write(string path, string title, string valueLabel, string xLabel, IReadOnlyList<double> xs,
        IReadOnlyList<ChartSeries> series, string valueFormat)
    {
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite);
        var frame = new ChartFrame(title, valueLabel, values.DefaultIfEmpty(1).Max(), [.. series.Select(s => s.Label)]);
        var xMax = xs.Max() * 1.05;
        int X(double x) => frame.Left + (int)Math.Round(x / xMax * (frame.PlotWidth - 1));
        foreach (var x in xs)
        {
            frame.Canvas.FillRectangle(X(x), frame.Bottom, 1, 6, ChartFrame.Ink);
            frame.CenteredText(X(x), frame.Bottom + 10, x.ToString("0.##", CultureInfo.InvariantCulture), room: int.MaxValue);
        }
        for (var s = 0; s < series.Count; s++)
            DrawSeries(frame, xs.Select(X).ToList(), series[s].Values, ChartFrame.Palette[s], valueFormat);
        frame.Save(path, xLabel);
    }

    private static void DrawSeries(ChartFrame frame, List<int> columns, IReadOnlyList<double> values, Evaluation.Rgb color, string valueFormat)
    {
        (int X, int Y)? previous = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                previous = null;
                continue;
            }
            var point = (X: columns[i], Y: frame.Y(values[i]));
            if (previous is { } from)
                frame.Canvas.DrawLine(from.X, from.Y, point.X, point.Y, color, thickness: 3);
            frame.Canvas.FillRectangle(point.X - 4, point.Y - 4, 9, 9, color);
            var label = values[i].ToString(valueFormat, CultureInfo.InvariantCulture);
            frame.Canvas.DrawText(point.X + 8, point.Y - 8 - ChartFrame.LineHeight, label, ChartFrame.Ink, ChartFrame.TextScale);
            previous = point;
        }
    }
}
