using Mouthpiece.Audio;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Audio;

/// <summary>Real and synthetic-voice speech in English and Mandarin: the track should follow syllables and pauses.</summary>
public class RealSpeechTrackTests(ITestOutputHelper output)
{
    private const double Fps = 30;

    // Openness must rise and fall by this much to count as one syllable-sized opening.
    private const float SyllableSwing = 0.15f;

    [Theory]
    [InlineData("tts-en.wav")]
    [InlineData("tts-zh.wav")]
    [InlineData("front-center-short.wav")]
    public void Lips_close_in_pauses_and_open_in_speech(string file)
    {
        var (track, levelDb) = Analyze(file);
        var loudest = Percentile(levelDb, 0.95);
        var speech = Indices(levelDb, db => db > loudest - 15);
        var pauses = Indices(levelDb, db => db < loudest - 40);
        output.WriteLine($"{file}: {speech.Length} speech frames, {pauses.Length} pause frames");

        var closedInSpeech = speech.Count(i => track[i].Closed) / (double)speech.Length;
        var closedInPauses = pauses.Count(i => track[i].Closed) / (double)pauses.Length;
        var openInSpeech = speech.Average(i => track[i].Openness);
        var openInPauses = pauses.Average(i => track[i].Openness);
        output.WriteLine($"closed: speech {closedInSpeech:P0}, pauses {closedInPauses:P0}; openness: speech {openInSpeech:F2}, pauses {openInPauses:F2}");

        Assert.InRange(closedInSpeech, 0, 0.2);
        // Short pauses keep their shape and long ones ease shut first, so not every pause frame is closed.
        Assert.InRange(closedInPauses, 0.5, 1);
        Assert.True(openInSpeech > 0.4, "speech should open the mouth clearly");
        Assert.True(openInSpeech > 4 * openInPauses, "pauses should be far more closed than speech");
    }

    [Theory]
    [InlineData("tts-en.wav")]
    [InlineData("tts-zh.wav")]
    public void Openness_rises_and_falls_at_syllable_rate(string file)
    {
        var (track, levelDb) = Analyze(file);
        var loudest = Percentile(levelDb, 0.95);
        var speechSeconds = levelDb.Count(db => db > loudest - 30) / Fps;
        var openness = track.Select(s => s.Openness).ToArray();
        var peaksPerSecond = CountSwings(openness, SyllableSwing) / speechSeconds;
        var deviation = StandardDeviation(openness);
        output.WriteLine($"{file}: {speechSeconds:F1} s of speech, {peaksPerSecond:F1} openings/s, openness sd {deviation:F2}");

        // Speech runs at about 3–7 syllables a second in both languages; a track that only follows
        // words or phrases opens far less often, one that follows pitch pulses or noise far more.
        Assert.InRange(peaksPerSecond, 2.5, 8);
        Assert.True(deviation > 0.18, $"openness barely varies (sd {deviation:F2})");
    }

    [Theory]
    [InlineData("tts-en.wav")]
    [InlineData("tts-zh.wav")]
    public void Width_moves_both_ways_around_neutral(string file)
    {
        var (track, _) = Analyze(file);
        var open = track.Where(s => !s.Closed && s.Openness > 0.3f).Select(s => s.Width).ToArray();

        Assert.InRange(open.Average(), -0.35, 0.35);
        Assert.Contains(open, w => w > 0.25f);
        Assert.Contains(open, w => w < -0.25f);
    }

    private static (MouthShape[] Track, double[] LevelDb) Analyze(string file)
    {
        var pcm = WavFile.ReadMono16k(TestData.File("audio", file));
        var track = MouthTrackBuilder.Build(pcm, Fps);
        return (track, FrameLevels(pcm, track.Length, MouthTrackOptions.Default.LeadSeconds));
    }

    /// <summary>RMS level in dB of the audio each frame shows (i.e. lead seconds later).</summary>
    private static double[] FrameLevels(float[] pcm, int frames, double leadSeconds)
    {
        var levels = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            var from = Math.Min(pcm.Length, (int)(((i / Fps) + leadSeconds) * 16000));
            var to = Math.Min(pcm.Length, (int)((((i + 1) / Fps) + leadSeconds) * 16000));
            var sum = 1e-12;
            for (var s = from; s < to; s++)
                sum += pcm[s] * pcm[s];
            levels[i] = 10 * Math.Log10(sum / Math.Max(1, to - from));
        }
        return levels;
    }

    /// <summary>Counts rises followed by falls of at least <paramref name="swing"/> (hysteresis peak counting).</summary>
    private static int CountSwings(float[] values, float swing)
    {
        int peaks = 0;
        float low = values[0], high = values[0];
        var rising = false;
        foreach (var v in values)
        {
            if (!rising)
            {
                low = Math.Min(low, v);
                if (v >= low + swing)
                    (rising, high) = (true, v);
            }
            else
            {
                high = Math.Max(high, v);
                if (v <= high - swing)
                    (rising, low, peaks) = (false, v, peaks + 1);
            }
        }
        return peaks;
    }

    private static int[] Indices(double[] values, Func<double, bool> keep) =>
        Enumerable.Range(0, values.Length).Where(i => keep(values[i])).ToArray();

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(fraction * (sorted.Length - 1))];
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
