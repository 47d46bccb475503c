namespace Mouthpiece.Charts;

/// <summary>One labelled series, a value per frame (NaN: no value, drawn as a gap).</summary>
public sealed record Curve(string Label, IReadOnlyList<double> Values);
