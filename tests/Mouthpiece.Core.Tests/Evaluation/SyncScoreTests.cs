using Mouthpiece.Evaluation;

namespace Mouthpiece.Core.Tests.Evaluation;

public sealed class SyncScoreTests
{
    [Fact]
    public void Pearson_matches_a_hand_computed_value()
    {
        // Deviations (-2,-1,0,1,2) and (-1,-2,1,0,2): covariance 8, variances 10 and 10, so r = 0.8.
        Assert.Equal(0.8, SyncScore.Pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
    }

    [Fact]
    public void Pearson_is_one_for_a_scaled_copy_minus_one_for_a_flipped_one_and_keeps_precision_far_from_zero()
    {
        var series = SmoothNoise(200, seed: 1);

        Assert.Equal(1, SyncScore.Pearson(series, [.. series.Select(v => 3 * v + 7)]), 12);
        Assert.Equal(-1, SyncScore.Pearson(series, [.. series.Select(v => -v)]), 12);
        Assert.Equal(1, SyncScore.Pearson([.. series.Select(v => v + 1e9)], series), 6);
    }

    [Fact]
    public void Pearson_leaves_out_frames_where_either_series_is_NaN()
    {
        var first = SmoothNoise(100, seed: 2);
        var second = (double[])first.Clone();
        for (var i = 0; i < first.Length; i += 7)
        {
            first[i] = double.NaN;
            second[i] = 1e6;
        }
        second[50] = double.NaN;
        first[50] = -1e6;

        Assert.Equal(1, SyncScore.Pearson(first, second), 12);
    }

    [Fact]
    public void Undefined_correlations_are_zero_not_NaN()
    {
        double[] varying = [1, 5, 2, 8, 3];
        Assert.Equal(0, SyncScore.Pearson([4, 4, 4, 4, 4], varying));
        Assert.Equal(0, SyncScore.Pearson([0.1, 0.1, 0.1, 0.1, 0.1], varying));
        Assert.Equal(0, SyncScore.Pearson([double.NaN, double.NaN, double.NaN, 1, 2], varying));
        Assert.Equal(0, SyncScore.Pearson([1, 2], [2, 1]));
        Assert.Equal(0, SyncScore.Pearson([], []));
        Assert.Equal(new LaggedCorrelation(0, 0), SyncScore.BestLag([4, 4, 4, 4, 4, 4], varying, 3));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-6)]
    [InlineData(0)]
    [InlineData(15)]
    public void BestLag_recovers_a_known_delay(int delay)
    {
        var envelope = SmoothNoise(300, seed: 3);
        // The mouth at frame i + delay shows what the sound did at frame i.
        var aperture = Enumerable.Range(0, envelope.Length)
            .Select(i => i - delay >= 0 && i - delay < envelope.Length ? 0.5 * envelope[i - delay] + 2 : double.NaN)
            .ToArray();

        var best = SyncScore.BestLag(aperture, envelope, SyncScore.EnvelopeMaxLag);

        Assert.Equal(delay, best.Lag);
        Assert.Equal(1, best.Correlation, 9);
        Assert.True(SyncScore.AtLag(aperture, envelope, delay + 3) < 0.95, "the neighbourhood of the true lag must score lower");
    }

    [Fact]
    public void BestLag_does_not_look_beyond_its_window()
    {
        var reference = SmoothNoise(300, seed: 4);
        var late = reference.Select((_, i) => i >= 5 ? reference[i - 5] : double.NaN).ToArray();

        var best = SyncScore.BestLag(late, reference, SyncScore.TruthMaxLag);

        Assert.InRange(best.Lag, -3, 3);
        Assert.True(best.Correlation < SyncScore.AtLag(late, reference, 5), "a delay outside the window is not found");
    }

    [Fact]
    public void Unrelated_series_correlate_weakly()
    {
        var best = SyncScore.BestLag(SmoothNoise(3000, seed: 5), SmoothNoise(3000, seed: 6), SyncScore.EnvelopeMaxLag);

        Assert.InRange(best.Correlation, -0.15, 0.15);
    }

    // Random values averaged over a few neighbours: correlated from frame to frame like real curves,
    // but unlike its own shifted copy after a few frames.
    private static double[] SmoothNoise(int length, int seed)
    {
        var random = new Random(seed);
        var raw = Enumerable.Range(0, length + 2).Select(_ => random.NextDouble()).ToArray();
        return [.. Enumerable.Range(0, length).Select(i => (raw[i] + raw[i + 1] + raw[i + 2]) / 3)];
    }
}
