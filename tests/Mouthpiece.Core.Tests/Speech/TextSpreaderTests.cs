using Mouthpiece.Media;
using Mouthpiece.Speech;
using Mouthpiece.Speech.Espeak;

namespace Mouthpiece.Core.Tests.Speech;

/// <summary>Text without timings spread over speech: clause boundaries land in the speech's pauses.</summary>
public sealed class TextSpreaderTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public void Each_clause_fills_the_stretch_of_speech_between_two_pauses()
    {
        const string text = "One two three. Four five six seven eight. Nine.";
        (double, double)[] speaking = [(0.5, 1.6), (2.0, 4.1), (4.6, 5.0)];

        var words = TextSpreader.Spread(text, speaking, 5.5).Words;

        Assert.Equal(3, words.Count);
        Assert.Equal((0.5, 1.6), (words[0].Start, words[0].End));
        Assert.Equal((2.0, 4.1), (words[1].Start, words[1].End));
        Assert.Equal((4.6, 5.0), (words[2].Start, words[2].End));
        Assert.Equal("Four five six seven eight.", text.Substring(words[1].TextIndex, words[1].TextLength));
    }

    [Fact]
    public async Task Plain_text_over_real_speech_lands_within_a_few_frames_of_the_true_word_times()
    {
        const string text = "Good morning, everyone. Today we talk about the weather. It will rain tomorrow, and the day after.";
        var (samples, rate, truth) = EspeakSpeaker.Speak("gmw/en-US", text, CancellationToken.None);
        var wav = _scratch.File("speech.wav");
        await WaveFile.WriteAsync(wav, samples, rate);

        var spread = await TextSpreader.OverAudioAsync(text, await MediaProbe.ProbeAudioAsync(wav));

        Assert.Equal(ScriptSplitter.Clauses(text).Count, spread.Words.Count);
        foreach (var clause in spread.Words)
        {
            var spoken = truth.Words.Where(w => w.TextIndex >= clause.TextIndex && w.TextIndex < clause.TextIndex + clause.TextLength).ToList();
            Assert.InRange(clause.Start - spoken[0].Start, -0.1, 0.1);
            Assert.InRange(clause.End - spoken[^1].End, -0.1, 0.1);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
