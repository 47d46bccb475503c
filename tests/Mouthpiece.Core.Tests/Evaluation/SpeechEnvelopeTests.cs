using Mouthpiece.Evaluation;

namespace Mouthpiece.Core.Tests.Evaluation;

public sealed class SpeechEnvelopeTests
{
    private const int Rate = 16_000;

    [Fact]
    public void A_full_scale_sine_is_minus_3_dB_and_silence_is_finite()
    {
        Assert.Equal(-3.01, SpeechEnvelope.LevelDb(Sine(Rate, amplitude: 1)), 2);
        Assert.Equal(-23.01, SpeechEnvelope.LevelDb(Sine(Rate, amplitude: 0.1f)), 2);
        Assert.Equal(SpeechEnvelope.SilenceDb, SpeechEnvelope.LevelDb(new float[Rate]));
    }

    [Fact]
    public void Each_video_frame_gets_the_level_of_the_samples_it_is_shown_for()
    {
        // One second at 25 fps: 640 samples a frame; frames 10 to 14 loud, the rest quiet.
        var pcm = Sine(Rate, amplitude: 0.001f);
        Sine(5 * 640, amplitude: 0.5f).CopyTo(pcm, 10 * 640);

        var levels = SpeechEnvelope.PerFrame(pcm, Rate, 25, 25);

        Assert.Equal(25, levels.Length);
        for (var frame = 0; frame < levels.Length; frame++)
            Assert.Equal(frame is >= 10 and < 15 ? -9.03 : -63.01, levels[frame], 1);
    }

    [Fact]
    public void Frames_the_audio_does_not_reach_are_NaN()
    {
        var levels = SpeechEnvelope.PerFrame(Sine(Rate / 2, amplitude: 0.5f), Rate, 30, 30);

        Assert.All(levels[..15], level => Assert.True(double.IsFinite(level)));
        Assert.All(levels[15..], level => Assert.True(double.IsNaN(level)));
    }

    [Fact]
    public void Frames_quieter_than_the_noise_floor_are_raised_to_it()
    {
        // 100 frames at 25 fps whose level climbs 0.5 dB a frame from −80 dB: the floor is the 10th percentile.
        var pcm = new float[100 * 640];
        for (var frame = 0; frame < 100; frame++)
            Sine(640, (float)Math.Pow(10, (-80 + 0.5 * frame + 3.01) / 20)).CopyTo(pcm, frame * 640);

        var levels = SpeechEnvelope.PerFrame(pcm, Rate, 25, 100);

        var floor = -80 + 0.5 * 9;
        Assert.All(levels[..10], level => Assert.Equal(floor, level, 1));
        Assert.Equal(-80 + 0.5 * 50, levels[50], 1);
        Assert.Equal(-80 + 0.5 * 99, levels[99], 1);
    }

    // 400 Hz at 16 kHz repeats every 40 samples, so each 640-sample frame (25 fps) holds whole periods
    // and its level is exactly the sine's.
    private static float[] Sine(int length, float amplitude) =>
        [.. Enumerable.Range(0, length).Select(i => amplitude * MathF.Sin(2 * MathF.PI * 400 * i / Rate))];
}
