namespace Mouthpiece.Evaluation;

/// <summary>
/// The loudness of a recording per video frame, in dB relative to full scale, the curve a talking mouth
/// should follow. Quiet frames are raised to the recording's own noise floor, so that the flicker of
/// background noise in pauses does not count as speech the mouth failed to follow.
/// </summary>
public static class SpeechEnvelope
{
    /// <summary>Below any real recording's noise; keeps digital silence finite.</summary>
    public const double SilenceDb = -100;

    /// <summary>The noise floor is this percentile of the frame levels: pauses take up at least this share of speech.</summary>
    public const double NoiseFloorPercentile = 0.10;

    /// <summary>
    /// One level per video frame <c>i</c>, from the samples shown during that frame, <c>[i/fps, (i+1)/fps)</c>.
    /// Frames the audio does not reach are NaN.
    /// </summary>
    /// <param name="pcm">Mono samples, full scale ±1 (as <see cref="Media.AudioDecoder"/> gives them).</param>
    /// <param name="sampleRate">Samples per second of <paramref name="pcm"/>.</param>
    /// <param name="framesPerSecond">Frame rate of the video the envelope is compared with.</param>
    /// <param name="frameCount">Length of the result, usually the video's frame count.</param>
    public static double[] PerFrame(ReadOnlySpan<float> pcm, int sampleRate, double framesPerSecond, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "must be a positive frame rate");

        var levels = new double[frameCount];
        for (var frame = 0; frame < frameCount; frame++)
        {
            var start = SampleAt(frame, sampleRate, framesPerSecond);
            var end = Math.Min(SampleAt(frame + 1, sampleRate, framesPerSecond), pcm.Length);
            levels[frame] = end > start ? LevelDb(pcm[(int)start..(int)end]) : double.NaN;
        }
        ApplyNoiseFloor(levels);
        return levels;
    }

    /// <summary>Root-mean-square level in dB full scale (a full-scale sine is −3 dB).</summary>
    public static double LevelDb(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
            return SilenceDb;
        double sumOfSquares = 0;
        foreach (var sample in samples)
            sumOfSquares += (double)sample * sample;
        var meanSquare = sumOfSquares / samples.Length;
        return Math.Max(SilenceDb, 10 * Math.Log10(meanSquare + 1e-20));
    }

    private static long SampleAt(int frame, int sampleRate, double framesPerSecond) =>
        (long)Math.Round(frame * sampleRate / framesPerSecond);

    private static void ApplyNoiseFloor(double[] levels)
    {
        var measured = levels.Where(double.IsFinite).Order().ToArray();
        if (measured.Length == 0)
            return;
        var floor = measured[(int)(NoiseFloorPercentile * (measured.Length - 1))];
        for (var i = 0; i < levels.Length; i++)
        {
            if (double.IsFinite(levels[i]))
                levels[i] = Math.Max(levels[i], floor);
        }
    }
}
