using System.Globalization;
using Mouthpiece.Audio;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Audio;

/// <summary>
/// The truth test of docs/ARCHITECTURE.md §5: the mouth drawn from a real recording's own audio against that recording's
/// real inner-lip aperture (tests/data/audio/README.md says how both were made). The clip is quiet (speech near
/// −60 dBFS) over room rumble, and its mouth opens only a few times: a track that opens on the noise scores ~0.
/// </summary>
public class TruthTests(ITestOutputHelper output)
{
    private const double Fps = 30;
    private const int MaxLagFrames = 3;

    [Fact]
    public void Mouth_from_the_audio_follows_the_real_mouth()
    {
        var pcm = WavFile.ReadMono16k(TestData.File("audio", "talking-man.wav"));
        var aperture = ReadAperture(TestData.File("audio", "talking-man-aperture.csv"));
        var track = MouthTrackBuilder.Build(pcm, Fps);

        var (ours, ourLag) = BestCorrelation(track.Select(s => (double)s.Openness).ToArray(), aperture);
        var (loudness, loudnessLag) = BestCorrelation(FrameRms(pcm, track.Length), aperture);
        output.WriteLine($"r(openness, real aperture) = {ours:F3} at lag {ourLag}; plain RMS envelope {loudness:F3} at lag {loudnessLag}");

        Assert.True(ours >= 0.5, $"the drawn mouth correlates only {ours:F3} with the real one (target ≥ 0.5)");
        Assert.True(ours > loudness, $"plain loudness ({loudness:F3}) follows the real mouth better than the track ({ours:F3})");
    }

    [Fact]
    public void Mouth_rests_while_the_real_mouth_is_shut_and_opens_when_it_opens()
    {
        var pcm = WavFile.ReadMono16k(TestData.File("audio", "talking-man.wav"));
        var aperture = ReadAperture(TestData.File("audio", "talking-man-aperture.csv"));
        var track = MouthTrackBuilder.Build(pcm, Fps);

        var frames = Enumerable.Range(0, Math.Min(track.Length, aperture.Length)).ToArray();
        var shut = frames.Where(i => aperture[i] < 0.03).ToArray();
        var open = frames.Where(i => aperture[i] > 0.1).ToArray();
        var closedWhileShut = shut.Count(i => track[i].Closed) / (double)shut.Length;
        var openWhileOpen = open.Average(i => track[i].Openness);
        output.WriteLine($"real mouth shut in {shut.Length} frames, of which drawn closed {closedWhileShut:P0}; " +
            $"open in {open.Length} frames, drawn openness there {openWhileOpen:F2}");

        Assert.True(closedWhileShut > 0.8, $"room noise keeps the drawn mouth moving: closed in only {closedWhileShut:P0} of shut frames");
        Assert.True(openWhileOpen > 0.4, $"the drawn mouth opens only {openWhileOpen:F2} where the real one is wide open");
    }

    [Theory]
    [InlineData("tts-en.wav")]
    [InlineData("tts-zh.wav")]
    public void Quiet_speech_in_room_noise_moves_the_mouth_as_clean_speech_does(string file)
    {
        // The truth clip's second half is the room alone: rumble at about −66 dBFS.
        var room = WavFile.ReadMono16k(TestData.File("audio", "talking-man.wav"))[(10 * 16000)..];
        var speech = WavFile.ReadMono16k(TestData.File("audio", file));
        var noisy = MixAtSnr(speech, room, snrDb: 10);

        var clean = MouthTrackBuilder.Build(speech, Fps).Select(s => (double)s.Openness).ToArray();
        var inRoom = MouthTrackBuilder.Build(noisy, Fps).Select(s => (double)s.Openness).ToArray();
        var r = Pearson(inRoom, clean, 0);
        output.WriteLine($"{file} at 10 dB SNR in room noise: r(noisy track, clean track) = {r:F3}, mean openness {inRoom.Average():F2} vs {clean.Average():F2}");

        // A gate set too high would drop the weaker syllables of quiet speech, one too low would move with the rumble.
        Assert.True(r > 0.65, $"the noisy track follows the clean one only at r = {r:F3}");
        Assert.InRange(inRoom.Average(), 0.6 * clean.Average(), 1.4 * clean.Average());
    }

    private static float[] MixAtSnr(float[] speech, float[] noise, double snrDb)
    {
        var gain = Rms(noise) * Math.Pow(10, snrDb / 20) / Rms(speech);
        var mixed = new float[speech.Length];
        for (var i = 0; i < mixed.Length; i++)
            mixed[i] = (float)((speech[i] * gain) + noise[i % noise.Length]);
        return mixed;
    }

    private static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
            sum += s * s;
        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>RMS of the audio during each frame's display interval: the loudness-only baseline.</summary>
    private static double[] FrameRms(float[] pcm, int frames)
    {
        var rms = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            var from = Math.Min(pcm.Length, (int)(i / Fps * 16000));
            var to = Math.Min(pcm.Length, (int)((i + 1) / Fps * 16000));
            rms[i] = to > from ? Rms(pcm.AsSpan(from, to - from)) : 0;
        }
        return rms;
    }

    /// <summary>Highest Pearson r of <paramref name="drawn"/> against <paramref name="truth"/> shifted by up to ±3 frames.</summary>
    private static (double R, int Lag) BestCorrelation(double[] drawn, double[] truth)
    {
        var best = (R: double.NegativeInfinity, Lag: 0);
        for (var lag = -MaxLagFrames; lag <= MaxLagFrames; lag++)
        {
            var r = Pearson(drawn, truth, lag);
            if (r > best.R)
                best = (r, lag);
        }
        return best;
    }

    /// <summary>Pearson r between x[i] and y[i + lag] over the frames both cover.</summary>
    private static double Pearson(double[] x, double[] y, int lag)
    {
        var indices = Enumerable.Range(0, x.Length).Where(i => i + lag >= 0 && i + lag < y.Length).ToArray();
        var meanX = indices.Average(i => x[i]);
        var meanY = indices.Average(i => y[i + lag]);
        double xy = 0, xx = 0, yy = 0;
        foreach (var i in indices)
        {
            var (dx, dy) = (x[i] - meanX, y[i + lag] - meanY);
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }
        return xx > 0 && yy > 0 ? xy / Math.Sqrt(xx * yy) : 0;
    }

    /// <summary>The aperture column of frame,seconds,aperture rows; every frame of the clip has a face.</summary>
    private static double[] ReadAperture(string path) =>
        File.ReadLines(path).Skip(1)
            .Select(line => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture))
            .ToArray();
}
