namespace Mouthpiece.Bench.Quality;

/// <summary>Order statistics over the finite values of a series (frames without a face are NaN and left out).</summary>
internal static class QualityMath
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var position = fraction * (sorted.Length - 1);
        var below = (int)position;
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
