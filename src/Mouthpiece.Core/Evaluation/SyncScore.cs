namespace Mouthpiece.Evaluation;

/// <summary>A correlation found at the lag (in frames) where it is highest.</summary>
/// <param name="Correlation">Pearson's r, −1..1; 0 when either series is constant or too few frames overlap.</param>
/// <param name="Lag">
/// Frames by which the first series trails the second: with lag L, <c>first[i + L]</c> is paired with <c>second[i]</c>.
/// For aperture against the speech envelope, a positive lag means the mouth moves after the sound.
/// </param>
public readonly record struct LaggedCorrelation(double Correlation, int Lag);

/// <summary>
/// The two lip-sync measures of docs/ARCHITECTURE.md §5: the mouth aperture against the speech envelope, and the
/// aperture against a real recording's aperture (the truth test). Frames where either value is NaN,
/// such as frames without a face, are left out.
/// </summary>
public static class SyncScore
{
    /// <summary>Lags searched for the envelope score: ±0.5 s at 30 fps covers any plausible audio offset.</summary>
    public const int EnvelopeMaxLag = 15;

    /// <summary>Lags searched for the truth score: a render is expected to be frame-aligned with its source, give or take a phoneme.</summary>
    public const int TruthMaxLag = 3;

    // Fewer pairs than this make r meaningless (any two points correlate perfectly).
    private const int MinimumPairs = 3;

    /// <summary>Pearson's correlation over the frames both series have a value for; 0, not NaN, when undefined.</summary>
    public static double Pearson(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        var length = Math.Min(first.Length, second.Length);
        double sumFirst = 0, sumSecond = 0;
        var pairs = 0;
        for (var i = 0; i < length; i++)
        {
            if (!double.IsFinite(first[i]) || !double.IsFinite(second[i]))
                continue;
            sumFirst += first[i];
            sumSecond += second[i];
            pairs++;
        }
        if (pairs < MinimumPairs)
            return 0;

        // Two passes around the means: one pass with sums of squares loses precision on large offsets such as dB.
        double meanFirst = sumFirst / pairs, meanSecond = sumSecond / pairs;
        double covariance = 0, varianceFirst = 0, varianceSecond = 0;
        for (var i = 0; i < length; i++)
        {
            if (!double.IsFinite(first[i]) || !double.IsFinite(second[i]))
                continue;
            var a = first[i] - meanFirst;
            var b = second[i] - meanSecond;
            covariance += a * b;
            varianceFirst += a * a;
            varianceSecond += b * b;
        }
        // A series that is constant up to rounding has a variance of rounding noise, not zero; its r would be noise too.
        var scale = Math.Sqrt(varianceFirst * varianceSecond);
        return scale > 1e-12 * (varianceFirst + varianceSecond) ? Math.Clamp(covariance / scale, -1, 1) : 0;
    }

    /// <summary>
    /// The highest correlation of <paramref name="first"/> shifted against <paramref name="second"/> by up to
    /// <paramref name="maxLag"/> frames either way; among equal correlations the smallest shift wins.
    /// </summary>
    public static LaggedCorrelation BestLag(ReadOnlySpan<double> first, ReadOnlySpan<double> second, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        var best = new LaggedCorrelation(AtLag(first, second, 0), 0);
        for (var distance = 1; distance <= maxLag; distance++)
        {
            foreach (var lag in (ReadOnlySpan<int>)[distance, -distance])
            {
                var correlation = AtLag(first, second, lag);
                if (correlation > best.Correlation)
                    best = new LaggedCorrelation(correlation, lag);
            }
        }
        return best;
    }

    /// <summary>The correlation of <c>first[i + lag]</c> with <c>second[i]</c> over the frames where both exist.</summary>
    public static double AtLag(ReadOnlySpan<double> first, ReadOnlySpan<double> second, int lag) =>
        lag >= 0
            ? Pearson(first[Math.Min(lag, first.Length)..], second)
            : Pearson(first, second[Math.Min(-lag, second.Length)..]);
}
