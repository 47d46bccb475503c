using Mouthpiece.Audio;

namespace Mouthpiece.Core.Tests.Audio;

public class FftTests
{
    [Fact]
    public void Matches_a_direct_discrete_fourier_transform()
    {
        const int size = 64;
        var random = new Random(7);
        var re = Enumerable.Range(0, size).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var im = Enumerable.Range(0, size).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var (expectedRe, expectedIm) = DirectDft(re, im);

        new Fft(size).Forward(re, im);

        for (var k = 0; k < size; k++)
        {
            Assert.Equal(expectedRe[k], re[k], 1e-4);
            Assert.Equal(expectedIm[k], im[k], 1e-4);
        }
    }

    [Fact]
    public void A_sine_lands_in_its_bin_at_the_analyzers_full_scale()
    {
        var bin = 32;
        var hz = bin * SpectrumAnalyzer.BinHz;
        var pcm = Enumerable.Range(0, 1600).Select(i => (float)Math.Sin(2 * Math.PI * hz * i / 16000)).ToArray();

        var power = new SpectrumAnalyzer().PowerAround(pcm, 800).ToArray();

        Assert.Equal(bin, Array.IndexOf(power, power.Max()));
        // A full-scale sine has mean square ½; Hann leakage spreads it over the neighbouring bins.
        Assert.Equal(0.5, power[(bin - 2)..(bin + 3)].Sum(), 0.02);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    public void Size_must_be_a_power_of_two(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fft(size));

    private static (double[] Re, double[] Im) DirectDft(float[] re, float[] im)
    {
        var n = re.Length;
        var outRe = new double[n];
        var outIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                var angle = -2 * Math.PI * k * t / n;
                outRe[k] += (re[t] * Math.Cos(angle)) - (im[t] * Math.Sin(angle));
                outIm[k] += (re[t] * Math.Sin(angle)) + (im[t] * Math.Cos(angle));
            }
        }
        return (outRe, outIm);
    }
}
