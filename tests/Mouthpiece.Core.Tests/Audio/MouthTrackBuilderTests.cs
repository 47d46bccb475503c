using Mouthpiece.Audio;
using static Mouthpiece.Core.Tests.Audio.SyntheticSpeech;

namespace Mouthpiece.Core.Tests.Audio;

public class MouthTrackBuilderTests
{
    // At 100 fps one frame is one 10 ms hop, so timing can be read off frame indices directly.
    private const double HopFps = 100;
    private static readonly MouthTrackOptions Options = MouthTrackOptions.Default;

    [Fact]
    public void Silence_is_closed_rest_in_every_frame()
    {
        var track = MouthTrackBuilder.Build(Silence(2), 30);

        Assert.Equal(60, track.Length);
        Assert.All(track, shape => Assert.Equal(MouthShape.Rest, shape));
    }

    [Fact]
    public void Quiet_noise_alone_stays_at_rest()
    {
        var track = MouthTrackBuilder.Build(Noise(2, rms: 0.0002f), 30);

        Assert.All(track, shape => Assert.True(shape.Closed));
    }

    [Fact]
    public void Empty_audio_is_rejected_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => MouthTrackBuilder.Build(ReadOnlySpan<float>.Empty, 30));

        Assert.Contains("empty", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-25.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Frame_rate_must_be_positive(double fps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MouthTrackBuilder.Build(Silence(1), fps));

        Assert.Equal("fps", error.ParamName);
    }

    [Theory]
    [InlineData(25.0, 2.02, 51)]
    [InlineData(30.0, 2.02, 61)]
    [InlineData(60.0, 2.02, 121)]
    [InlineData(29.97, 10.0, 300)]
    [InlineData(30.0, 0.001, 0)]
    public void One_frame_per_frame_interval_rounded(double fps, double seconds, int expectedFrames)
    {
        var track = MouthTrackBuilder.Build(VowelA(seconds), fps);

        Assert.Equal(expectedFrames, track.Length);
    }

    [Fact]
    public void A_burst_opens_within_the_attack_and_closes_after_the_release_leading_the_sound()
    {
        const double onset = 1.0, offset = 1.5;
        var track = MouthTrackBuilder.Build(Concat(Silence(onset), Tone(440, offset - onset, 0.1f), Silence(1)), HopFps);
        var steady = Mean(track, 1.2, 1.4);
        var lead = Options.LeadSeconds;

        var firstOpen = Array.FindIndex(track, s => s.Openness > 0.1f * steady) / HopFps;
        Assert.InRange(firstOpen, onset - lead - 0.03, onset - 0.01);
        Assert.True(At(track, onset - lead + Options.AttackSeconds + 0.01).Openness >= 0.5f * steady,
            "not half open one attack time after the (led) onset");
        Assert.False(At(track, offset - lead - 0.01).Closed);
        Assert.True(At(track, offset - lead + Options.ReleaseSeconds + 0.01).Openness <= 0.5f * steady,
            "still more than half open one release time after the (led) offset");
        Assert.True(At(track, offset - lead + Options.KeepShapePauseSeconds + 0.02).Closed);
        Assert.True(steady > 0.5f, $"a loud steady tone should open the mouth well, got {steady:F2}");
    }

    [Fact]
    public void Spread_vowel_is_wide_and_rounded_vowel_is_narrow()
    {
        var i = Vowel(VowelI);
        var u = Vowel(VowelU);
        var a = Vowel(VowelA);

        Assert.True(i.Width > 0.3f, $"/i/ width {i.Width:F2}");
        Assert.True(u.Width < -0.3f, $"/u/ width {u.Width:F2}");
        Assert.InRange(a.Width, u.Width + 0.2f, i.Width - 0.2f);
    }

    [Fact]
    public void Open_vowel_opens_the_mouth_most()
    {
        var i = Vowel(VowelI);
        var u = Vowel(VowelU);
        var a = Vowel(VowelA);

        Assert.True(a.Openness > i.Openness + 0.1f, $"/a/ {a.Openness:F2} vs /i/ {i.Openness:F2}");
        Assert.True(a.Openness > u.Openness + 0.1f, $"/a/ {a.Openness:F2} vs /u/ {u.Openness:F2}");
        Assert.True(a.Openness > 0.6f, $"/a/ {a.Openness:F2}");
    }

    [Fact]
    public void Lips_close_in_a_silent_gap_released_into_a_rising_second_formant()
    {
        // "aba": the lips' release starts the vowel's F2 low (their locus is the lowest), and it rises into the vowel.
        const double gapStart = 0.5, gapEnd = 0.58;
        var signal = Concat(Silence(0.2), VowelA(0.3), Silence(gapEnd - gapStart), Glide(700, 800, 1400, 2600, 0.06, 0.3, 0.1f), Silence(0.3));

        var track = MouthTrackBuilder.Build(signal, 30);

        var inGap = FramesBetween(track, 30, gapStart - Options.LeadSeconds, gapEnd - Options.LeadSeconds);
        Assert.Contains(inGap, s => s.Closed);
        Assert.True(track.Count(s => s.Closed && s.Openness == 0) >= 2, "a closure is shown for at least 70 ms");
        Assert.All(FramesBetween(track, 30, 0.3, 0.4), s => Assert.False(s.Closed));
        Assert.All(FramesBetween(track, 30, 0.7, 0.8), s => Assert.False(s.Closed));
    }

    [Fact]
    public void Lips_stay_apart_in_a_silent_gap_released_with_a_high_burst()
    {
        // "ata": the tongue's burst is sharp and high.
        const double gapStart = 0.5, gapEnd = 0.58;
        var signal = Concat(Silence(0.2), VowelA(0.3), Silence(gapEnd - gapStart), Noise(0.01, 0.05f), VowelA(0.3), Silence(0.3));

        var track = MouthTrackBuilder.Build(signal, 30);

        Assert.All(FramesBetween(track, 30, 0.25, 0.85), s => Assert.False(s.Closed));
    }

    [Fact]
    public void A_short_pause_without_a_burst_keeps_the_shape()
    {
        const double pauseStart = 0.5, pauseEnd = 0.6;
        var gentleStart = Fade(VowelA(0.3), 0.06, 0.01);
        var signal = Concat(Silence(0.2), VowelA(0.3), Silence(pauseEnd - pauseStart), gentleStart, Silence(0.3));

        var track = MouthTrackBuilder.Build(signal, HopFps);

        var before = Mean(track, 0.35, 0.45);
        var pause = FramesBetween(track, HopFps, pauseStart - Options.LeadSeconds + 0.02, pauseEnd - Options.LeadSeconds);
        Assert.All(pause, s => Assert.False(s.Closed));
        Assert.All(pause, s => Assert.True(s.Openness > 0.6f * before, $"{s.Openness:F2} vs {before:F2} before the pause"));
    }

    [Fact]
    public void A_long_pause_relaxes_to_rest()
    {
        const double pauseStart = 0.5, pauseEnd = 1.0;
        var signal = Concat(Silence(0.2), VowelA(0.3), Silence(pauseEnd - pauseStart), VowelA(0.3), Silence(0.3));

        var track = MouthTrackBuilder.Build(signal, HopFps);

        var lead = Options.LeadSeconds;
        var restFrom = pauseStart - lead + Options.KeepShapePauseSeconds + 0.02;
        var rest = FramesBetween(track, HopFps, restFrom, pauseEnd - lead - 0.02);
        Assert.All(rest, s => Assert.True(s.Closed && s.Openness == 0));
        Assert.True(Mean(track, 1.1, 1.2) > 0.5f, "speech after the pause opens again");
    }

    [Fact]
    public void A_medium_pause_eases_shut_without_pressing_the_lips()
    {
        const double pauseStart = 0.5, pauseEnd = 0.75;
        var gentleStart = Fade(VowelA(0.3), 0.06, 0.01);
        var signal = Concat(Silence(0.2), VowelA(0.3), Silence(pauseEnd - pauseStart), gentleStart, Silence(0.3));

        var track = MouthTrackBuilder.Build(signal, HopFps);

        var middle = At(track, pauseEnd - Options.LeadSeconds - 0.03);
        Assert.False(middle.Closed);
        Assert.True(middle.Openness < 0.25f * Mean(track, 0.35, 0.45), $"openness {middle.Openness:F2} late in the pause");
    }

    private static MouthShape Vowel(Func<double, float, float[]> vowel)
    {
        var track = MouthTrackBuilder.Build(Concat(Silence(0.3), vowel(0.8, 0.1f), Silence(0.3)), HopFps);
        var middle = FramesBetween(track, HopFps, 0.5, 0.9);
        return new MouthShape(middle.Average(s => s.Openness), middle.Average(s => s.Width), false);
    }

    private static MouthShape At(MouthShape[] track, double seconds) => track[(int)Math.Round(seconds * HopFps)];

    private static float Mean(MouthShape[] track, double from, double to) =>
        FramesBetween(track, HopFps, from, to).Average(s => s.Openness);

    private static MouthShape[] FramesBetween(MouthShape[] track, double fps, double from, double to) =>
        track[(int)Math.Ceiling(from * fps)..((int)Math.Floor(to * fps) + 1)];
}
