using Mouthpiece.Audio;

namespace Mouthpiece.Core.Tests.Audio;

public sealed class JawLimiterTests
{
    private const double Fps = 30;

    [Fact]
    public void The_opening_never_changes_faster_than_a_jaw_moves()
    {
        // Snaps from wide open to shut and back, every other frame.
        var frames = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? new MouthShape(1, 0, false) : MouthShape.Rest).ToArray();

        JawLimiter.Apply(frames, Fps);

        var step = JawLimiter.MaxSpeed / Fps;
        var opening = frames.Select(Opening).ToArray();
        Assert.All(opening.Zip(opening.Skip(1)), pair => Assert.True(Math.Abs(pair.Second - pair.First) <= step + 1e-5, $"{pair.First} → {pair.Second}"));
    }

    [Fact]
    public void A_lip_closure_still_closes_on_its_frame_and_the_mouth_starts_closing_before_it()
    {
        var frames = Enumerable.Repeat(new MouthShape(0.9f, 0, false), 20).ToArray();
        frames[10] = MouthShape.Rest;

        JawLimiter.Apply(frames, Fps);

        Assert.Equal(0, Opening(frames[10]));
        Assert.True(frames[9].Openness < 0.9f && frames[11].Openness < 0.9f);
        Assert.Equal(0.9f, frames[0].Openness);
    }

    [Fact]
    public void A_slow_opening_is_left_as_it_was()
    {
        var frames = Enumerable.Range(0, 30).Select(i => new MouthShape(0.5f + 0.4f * MathF.Sin(i / 5f), 0, false)).ToArray();
        var before = frames.ToArray();

        JawLimiter.Apply(frames, Fps);

        Assert.Equal(before, frames);
    }

    [Fact]
    public void A_built_track_of_real_speech_has_no_one_frame_snaps()
    {
        var speech = WavFile.ReadMono16k(TestData.File("audio", "tts-en.wav"));

        var frames = MouthTrackBuilder.Build(speech, Fps);

        var opening = frames.Select(Opening).ToArray();
        var fastest = opening.Zip(opening.Skip(1)).Max(pair => Math.Abs(pair.Second - pair.First));
        Assert.True(fastest <= JawLimiter.MaxSpeed / Fps + 1e-5, $"fastest change {fastest:0.000} per frame");
    }

    private static float Opening(MouthShape shape) => shape.Closed ? 0 : shape.Openness;
}
