using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Tracking;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

public sealed class OneEuroFilterTests(ITestOutputHelper output)
{
    private const double FramesPerSecond = 30;

    [Fact]
    public void Cuts_the_jitter_of_a_still_point_to_less_than_half()
    {
        var random = new Random(1234);
        var filter = new OneEuroFilter(OneEuroOptions.Landmarks);
        var raw = new List<double>();
        var smoothed = new List<double>();
        for (var frame = 0; frame < 600; frame++)
        {
            var sample = 200 + Gaussian(random);
            var value = filter.Filter(sample, frame / FramesPerSecond);
            if (frame < 30)
                continue;
            raw.Add(sample);
            smoothed.Add(value);
        }

        var ratio = StandardDeviation(smoothed) / StandardDeviation(raw);
        output.WriteLine($"jitter: raw {StandardDeviation(raw):F3} px, smoothed {StandardDeviation(smoothed):F3} px (x{ratio:F2})");
        Assert.InRange(ratio, 0, 0.5);
        Assert.InRange(smoothed.Average(), 199.8, 200.2);
    }

    [Fact]
    public void Follows_a_fast_step_within_three_frames()
    {
        var filter = new OneEuroFilter(OneEuroOptions.Landmarks);
        for (var frame = 0; frame < 30; frame++)
            filter.Filter(0, frame / FramesPerSecond);

        var afterStep = Enumerable.Range(30, 3).Select(frame => filter.Filter(100, frame / FramesPerSecond)).ToArray();

        output.WriteLine("after a 100 px step: " + string.Join(", ", afterStep.Select(v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.InRange(afterStep[^1], 95, 100);
    }

    [Fact]
    public void Lags_far_less_than_a_fixed_low_pass_on_a_steady_move()
    {
        var oneEuro = new OneEuroFilter(OneEuroOptions.Landmarks);
        var fixedLowPass = new OneEuroFilter(OneEuroOptions.Landmarks with { Beta = 0 });
        const double pixelsPerSecond = 300;
        double oneEuroLag = 0, fixedLag = 0;
        for (var frame = 0; frame < 60; frame++)
        {
            var time = frame / FramesPerSecond;
            var position = pixelsPerSecond * time;
            oneEuroLag = position - oneEuro.Filter(position, time);
            fixedLag = position - fixedLowPass.Filter(position, time);
        }

        output.WriteLine($"lag at {pixelsPerSecond} px/s: 1€ {oneEuroLag:F2} px, fixed 1 Hz low-pass {fixedLag:F2} px");
        Assert.InRange(oneEuroLag, 0, fixedLag / 5);
    }

    [Fact]
    public void Passes_the_first_sample_and_the_first_after_a_reset_unchanged()
    {
        var filter = new OneEuroFilter(OneEuroOptions.Landmarks);
        Assert.Equal(5, filter.Filter(5, 0));
        filter.Filter(50, 1 / FramesPerSecond);

        filter.Reset();

        Assert.Equal(-7, filter.Filter(-7, 0));
    }

    [Fact]
    public void Refuses_time_that_does_not_move_forward()
    {
        var filter = new OneEuroFilter(OneEuroOptions.Landmarks);
        filter.Filter(1, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Filter(2, 1));
    }

    [Fact]
    public void Smoother_filters_every_landmark_coordinate()
    {
        var smoother = new LandmarkSmoother(OneEuroOptions.Landmarks);
        var still = new FaceLandmarks(Enumerable.Range(0, FaceLandmarks.Count).Select(i => new Vector2(i, 2 * i)).ToArray());
        var jumped = new FaceLandmarks(still.Points.Select(p => p + new Vector2(1, -1)).ToArray());

        smoother.Smooth(still, 0);
        var smoothed = smoother.Smooth(jumped, 1 / FramesPerSecond);

        // A 1 px jump is slow for the filter: every coordinate moves only part of the way.
        Assert.All(smoothed.Points.Zip(still.Points), pair =>
        {
            var moved = pair.First - pair.Second;
            Assert.InRange(moved.X, 0.05f, 0.6f);
            Assert.InRange(-moved.Y, 0.05f, 0.6f);
        });
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double StandardDeviation(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
