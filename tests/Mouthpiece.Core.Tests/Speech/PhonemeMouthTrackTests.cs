using Mouthpiece.Audio;
using Mouthpiece.Speech;

namespace Mouthpiece.Core.Tests.Speech;

/// <summary>The mouth track from phonemes, on timelines written by hand: closures, rounding, openness, pauses.</summary>
public sealed class PhonemeMouthTrackTests
{
    private const double Fps = 30;
    private static readonly double Lead = MouthTrackOptions.Default.LeadSeconds;

    /// <summary>A timeline from (phoneme, milliseconds) pairs, back to back from 0.3 s; "" is a pause.</summary>
    private static SpeechTimeline Timeline(params (string Name, int Ms)[] sounds)
    {
        var phonemes = new List<TimedPhoneme> { new("", 0, 0.3) };
        var t = 0.3;
        foreach (var (name, ms) in sounds)
        {
            phonemes.Add(new TimedPhoneme(name, t, t + ms / 1000.0));
            t += ms / 1000.0;
        }
        phonemes.Add(new TimedPhoneme("", t, t + 0.5));
        return new SpeechTimeline(phonemes, [], t + 0.5);
    }

    private static MouthShape[] Track(SpeechTimeline timeline) =>
        PhonemeMouthTrack.Build(timeline, Fps, (int)Math.Round(timeline.Duration * Fps));

    /// <summary>The frame that shows the sound heard at <paramref name="seconds"/> (the lips lead the sound).</summary>
    private static int FrameShowing(double seconds) => (int)Math.Floor((seconds - Lead) * Fps);

    [Fact]
    public void The_lips_close_on_every_m_b_and_p_however_short()
    {
        var timeline = Timeline(("m", 80), ("a", 150), ("b", 40), ("i", 120), ("p", 30), ("u", 150), ("pʰ", 50), ("ɔ", 150));
        var track = Track(timeline);

        foreach (var bilabial in timeline.Phonemes.Where(p => p.Name is "m" or "b" or "p" or "pʰ"))
            Assert.True(track[FrameShowing((bilabial.Start + bilabial.End) / 2)].Closed, $"{bilabial.Name} at {bilabial.Start:0.000} s");
    }

    [Fact]
    public void While_speaking_the_lips_close_only_for_m_b_and_p()
    {
        var timeline = Timeline(("h", 60), ("ə", 80), ("l", 70), ("əʊ", 200), ("w", 60), ("ɜ", 120), ("l", 60), ("d", 50), ("f", 90), ("aɪ", 150), ("v", 60));
        var track = Track(timeline);
        var spoken = timeline.Phonemes.Where(p => !p.IsPause).ToList();

        for (var i = FrameShowing(spoken[0].Start) + 1; i < FrameShowing(spoken[^1].End); i++)
            Assert.False(track[i].Closed, $"frame {i}");
    }

    [Fact]
    public void Rounded_vowels_round_and_front_vowels_spread()
    {
        var timeline = Timeline(("s", 80), ("uː", 250), ("s", 80), ("iː", 250), ("s", 80));
        var track = Track(timeline);
        var u = timeline.Phonemes[2];
        var i = timeline.Phonemes[4];

        Assert.True(track[FrameShowing(u.End - 0.03)].Width < -0.5, $"u width {track[FrameShowing(u.End - 0.03)].Width}");
        Assert.True(track[FrameShowing(i.End - 0.03)].Width > 0.5, $"i width {track[FrameShowing(i.End - 0.03)].Width}");
    }

    [Fact]
    public void Open_vowels_open_wider_than_mid_and_close_ones()
    {
        double OpennessOf(string vowel)
        {
            var timeline = Timeline(("t", 80), (vowel, 250), ("t", 80));
            return Track(timeline)[FrameShowing(timeline.Phonemes[2].End - 0.04)].Openness;
        }

        Assert.True(OpennessOf("a") > OpennessOf("ə") + 0.15);
        Assert.True(OpennessOf("ə") > OpennessOf("i") + 0.05);
        Assert.True(OpennessOf("i") > 0.15);
    }

    [Fact]
    public void A_velar_takes_the_opening_of_its_vowels_where_an_f_holds_its_own()
    {
        var withK = Timeline(("a", 200), ("k", 70), ("a", 200));
        var withF = Timeline(("a", 200), ("f", 70), ("a", 200));

        var k = Track(withK)[FrameShowing((withK.Phonemes[2].Start + withK.Phonemes[2].End) / 2)];
        var f = Track(withF)[FrameShowing((withF.Phonemes[2].Start + withF.Phonemes[2].End) / 2)];

        Assert.True(k.Openness > f.Openness + 0.2, $"k {k.Openness:0.00}, f {f.Openness:0.00}");
    }

    [Fact]
    public void Pauses_keep_ease_or_rest_by_their_length()
    {
        MouthShape InPause(int pauseMs)
        {
            var timeline = Timeline(("a", 250), ("", pauseMs), ("a", 250));
            var pause = timeline.Phonemes[2];
            return Track(timeline)[FrameShowing(pause.End - 0.045)];
        }

        var shortPause = InPause(90);
        var mediumPause = InPause(250);
        var longPause = InPause(700);

        Assert.True(shortPause.Openness > 0.5 && !shortPause.Closed, $"short: {shortPause}");
        Assert.True(mediumPause.Openness < 0.2 && !mediumPause.Closed, $"medium: {mediumPause}");
        Assert.True(longPause.Closed, $"long: {longPause}");
    }

    [Fact]
    public void Silence_before_and_after_the_speech_is_rest_and_the_frame_count_is_as_asked()
    {
        var timeline = Timeline(("a", 300));
        var track = PhonemeMouthTrack.Build(timeline, 25, 31);

        Assert.Equal(31, track.Length);
        Assert.True(track[0] is { Closed: true, Openness: 0 } && Math.Abs(track[0].Width) < 0.05, $"{track[0]}");
        Assert.True(track[^1].Closed);
        Assert.Contains(track, shape => shape.Openness > 0.7);
    }
}
