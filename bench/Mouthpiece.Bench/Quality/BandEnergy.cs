namespace Mouthpiece.Bench.Quality;

/// <summary>
/// The quality suite's "oracle" feature: log energy of the speech between 300 and 2500 Hz per video frame, the one
/// simple audio feature a mouth could follow best. A mouth driven by it alone scores what audio alone supports.
/// </summary>
internal static class BandEnergy
{
    public const double LowHz = 300;
    public const double HighHz = 2500;

    public static double[] PerFrameDb(ReadOnlySpan<float> pcm, int sampleRate, double framesPerSecond, int frameCount)
    {
        var filtered = pcm.ToArray();
        // Two passes of each second-order section: a fourth-order band, steep enough that voicing below and hiss above stay out.
        for (var pass = 0; pass < 2; pass++)
        {
            Biquad.HighPass(LowHz, sampleRate).Apply(filtered);
            Biquad.LowPass(HighHz, sampleRate).Apply(filtered);
        }
        var levels = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            var start = (int)Math.Round(frame * sampleRate / framesPerSecond);
            var end = Math.Min((int)Math.Round((frame + 1) * sampleRate / framesPerSecond), filtered.Length);
            if (end <= start)
            {
                levels[frame] = double.NaN;
                continue;
            }
            double sum = 0;
            for (var i = start; i < end; i++)
                sum += (double)filtered[i] * filtered[i];
            levels[frame] = 10 * Math.Log10(sum / (end - start) + 1e-10);
        }
        return levels;
    }

    /// <summary>A second-order section after the RBJ audio EQ cookbook, Butterworth Q.</summary>
    private sealed record Biquad(double B0, double B1, double B2, double A1, double A2)
    {
        private const double Q = 0.7071;

        public static Biquad LowPass(double hz, int sampleRate)
        {
            var (cos, alpha) = Angle(hz, sampleRate);
            var a0 = 1 + alpha;
            return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        public static Biquad HighPass(double hz, int sampleRate)
        {
            var (cos, alpha) = Angle(hz, sampleRate);
            var a0 = 1 + alpha;
            return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        private static (double Cos, double Alpha) Angle(double hz, int sampleRate)
        {
            var omega = 2 * Math.PI * hz / sampleRate;
            return (Math.Cos(omega), Math.Sin(omega) / (2 * Q));
        }

        public void Apply(float[] samples)
        {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (var i = 0; i < samples.Length; i++)
            {
                double x = samples[i];
                var y = B0 * x + B1 * x1 + B2 * x2 - A1 * y1 - A2 * y2;
                (x2, x1, y2, y1) = (x1, x, y1, y);
                samples[i] = (float)y;
            }
        }
    }
}
