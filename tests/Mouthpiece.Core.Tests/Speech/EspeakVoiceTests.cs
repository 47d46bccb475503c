using Mouthpiece.Media;
using Mouthpiece.Speech;
using Mouthpiece.Speech.Espeak;

namespace Mouthpiece.Core.Tests.Speech;

/// <summary>The built-in voice through the real libespeak-ng: audio, phoneme and word events that agree with each other and the text.</summary>
public sealed class EspeakVoiceTests
{
    private const string English = "Maybe Bob will bring the map. Please, open it now!";
    private const string Chinese = "你好，我们明天见。爸爸买了面包。";

    [Fact]
    public void Mandarin_and_English_are_installed_and_auto_picks_by_writing_system()
    {
        var names = Voices.List().Select(v => v.Name).ToList();

        Assert.Contains("cmn", names);
        Assert.Contains("en-us", names);
        Assert.Contains("en", names);
        Assert.Equal("cmn", Voices.Resolve("auto", Chinese).Name);
        Assert.Equal("cmn", Voices.Resolve("zh", "x").Name);
        Assert.Equal("en-us", Voices.Resolve(null, English).Name);
    }

    [Fact]
    public void An_unknown_voice_is_refused_with_where_to_look()
    {
        var error = Assert.Throws<MediaInputException>(() => Voices.Resolve("klingon", English));

        Assert.Contains("mouthpiece voices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void English_words_are_timed_in_order_and_name_the_script_s_words()
    {
        var (samples, rate, timeline) = EspeakSpeaker.Speak("gmw/en-US", English, CancellationToken.None);

        var words = timeline.Words.Select(w => English.Substring(w.TextIndex, w.TextLength)).ToList();
        Assert.Equal(["Maybe", "Bob", "will", "bring", "the", "map", "Please", "open", "it", "now"], words);
        Assert.All(timeline.Words.Zip(timeline.Words.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start + 1e-9));
        Assert.Equal((double)samples.Length / rate, timeline.Duration, 3);
        Assert.Equal(22050, rate);
        Assert.Contains(timeline.Phonemes, p => p.Name == "m");
        Assert.Contains(timeline.Phonemes, p => p.Name == "b");
        Assert.Contains(timeline.Phonemes, p => p.Name == "p");
    }

    [Fact]
    public void Chinese_is_read_in_Mandarin_one_word_per_character()
    {
        var voice = Voices.Resolve("cmn", Chinese);
        var (_, _, timeline) = EspeakSpeaker.Speak(Voices.EspeakIdentifier(voice), Chinese, CancellationToken.None);

        var words = timeline.Words.Select(w => Chinese.Substring(w.TextIndex, w.TextLength)).ToList();
        Assert.Equal(["你", "好", "我", "们", "明", "天", "见", "爸", "爸", "买", "了", "面", "包"], words);
        // Pinyin read as English would bring in English consonants such as θ ("three" for tone 3).
        Assert.DoesNotContain(timeline.Phonemes, p => p.Name.Contains('θ', StringComparison.Ordinal));
        Assert.Equal(7, timeline.Phonemes.Count(p => p.Name is "m" or "p" or "b"));
    }

    [Fact]
    public void Stop_closures_sound_quieter_than_the_vowels_around_them()
    {
        // Checks that event times line up with the samples: the lips are shut during a p or b, so little sound comes out.
        var (samples, rate, timeline) = EspeakSpeaker.Speak("gmw/en-US", English, CancellationToken.None);

        double Loudness(TimedPhoneme p)
        {
            var from = (int)(p.Start * rate);
            var to = Math.Max(from + 1, (int)(p.End * rate));
            return Math.Sqrt(samples.AsSpan(from, Math.Min(to, samples.Length) - from).ToArray().Average(s => (double)s * s));
        }
        var stops = timeline.Phonemes.Where(p => p.Name is "p" or "b").Select(Loudness).Average();
        var vowels = timeline.Phonemes.Where(p => Articulation.Of(p.Name)[0].IsVowel).Select(Loudness).Average();

        Assert.True(stops < vowels / 2, $"stops {stops:0} vs vowels {vowels:0}");
    }

    [Fact]
    public void A_long_script_is_spoken_in_sentences_joined_without_a_click()
    {
        var script = string.Join(" ", Enumerable.Repeat("The quick brown fox jumps over the lazy dog, again and again.", 6));
        var sentences = ScriptSplitter.Sentences(script);
        var (samples, rate, timeline) = EspeakSpeaker.Speak("gmw/en-US", script, CancellationToken.None);

        Assert.Equal(6, sentences.Count);
        Assert.Equal(6 * 12, timeline.Words.Count);
        Assert.True(timeline.Words[^1].End > 0.9 * timeline.Duration - 0.5);
        // Each join lies in the pause between a sentence's last word and the next one's first: nothing jumps there.
        foreach (var next in sentences.Skip(1))
        {
            var first = timeline.Words.First(w => w.TextIndex >= next.Start);
            var last = timeline.Words.Last(w => w.TextIndex < next.Start);
            var from = (int)((last.End + 0.01) * rate);
            var to = (int)((first.Start - 0.01) * rate);
            Assert.True(to - from > rate / 10, $"pause of {(to - from) * 1000 / rate} ms before word {first.TextIndex}");
            var largestStep = Enumerable.Range(from + 1, to - from - 1).Max(i => Math.Abs(samples[i] - samples[i - 1]));
            Assert.True(largestStep < 300, $"step {largestStep} in the pause before word {first.TextIndex}");
        }
    }

    [Fact]
    public void Joined_pieces_never_jump_at_the_join_even_when_they_start_and_end_loud()
    {
        var loud = Enumerable.Range(0, 2205).Select(i => (short)(i % 2 == 0 ? 20000 : -20000)).ToArray();
        var joiner = new SampleJoiner(22050);

        joiner.Append(loud);
        joiner.Append(loud);
        var joined = joiner.ToArray();

        Assert.Equal(4410, joined.Length);
        Assert.True(Math.Abs(joined[2205] - joined[2204]) < 1000, $"{joined[2204]} then {joined[2205]}");
        Assert.True(Math.Abs(joined[0]) < 1000 && Math.Abs(joined[^1]) < 1000);
    }

    [Fact]
    public void Syntheses_from_many_threads_at_once_are_serialized_and_agree()
    {
        var alone = EspeakSpeaker.Speak("gmw/en-US", English, CancellationToken.None);

        var together = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => EspeakSpeaker.Speak("gmw/en-US", English, CancellationToken.None)).ToList();

        // espeak-ng's output varies a little from one synthesis to the next: a millisecond of timing within a sentence,
        // and a sentence's end pause by up to about 50 ms depending on what the library spoke before (seen when other
        // tests speak other voices at the same time). Interleaved syntheses would mix phonemes and samples instead:
        // the same phonemes, at the same times within that.
        const double Tolerance = 0.06;
        Assert.All(together, speech =>
        {
            Assert.Equal(alone.Timeline.Phonemes.Select(p => p.Name), speech.Timeline.Phonemes.Select(p => p.Name));
            Assert.All(alone.Timeline.Phonemes.Zip(speech.Timeline.Phonemes), pair => Assert.InRange(pair.First.Start - pair.Second.Start, -Tolerance, Tolerance));
            Assert.InRange((double)(alone.Samples.Length - speech.Samples.Length), -Tolerance * alone.SampleRate, Tolerance * alone.SampleRate);
        });
    }
}
