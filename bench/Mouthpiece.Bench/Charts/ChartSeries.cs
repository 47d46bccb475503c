namespace Mouthpiece.Bench.Charts;

/// <summary>A named run of values: one bar per category, or one point per x.</summary>
internal sealed record ChartSeries(string Label, IReadOnlyList<double> Values);

/// <summary>A horizontal line across the plot at a value worth comparing against, such as a target.</summary>
internal sealed record ReferenceLine(double Value, string Label);
