namespace Mouthpiece.Speech.Espeak;

/// <summary>
/// Reads a whole script with an espeak-ng voice: sentence by sentence (so a long script never becomes one
/// huge synthesis, and cancellation is seen between sentences), each sentence's samples joined to the last
/// without a click, and espeak-ng's phoneme and word events turned into one timeline for the whole script.
/// Punctuation gives the pauses espeak-ng makes for it (a clause pause at a comma, a sentence pause after
/// each sentence); a blank line adds a paragraph pause.
/// </summary>
internal static class EspeakSpeaker
{
    private const double ParagraphPauseSeconds = 0.4;

    public static (short[] Samples, int SampleRate, SpeechTimeline Timeline) Speak(string voiceIdentifier, string text, CancellationToken cancellationToken)
    {
        var rate = EspeakEngine.SampleRate;
        var audio = new SampleJoiner(rate);
        var phonemes = new List<TimedPhoneme>();
        var words = new List<TimedWord>();
        var previousEnd = 0;
        foreach (var sentence in ScriptSplitter.Sentences(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (text.AsSpan(previousEnd, sentence.Start - previousEnd).Count("\n\n") > 0 && audio.Length > 0)
                audio.AppendSilence(ParagraphPauseSeconds);
            var offset = audio.Seconds;
            var spoken = EspeakEngine.Synthesize(voiceIdentifier, sentence.Of(text), cancellationToken);
            audio.Append(spoken.Samples);
            var end = (double)spoken.Samples.Length / rate;
            AddTimeline(spoken.Marks, sentence, text, offset, end, phonemes, words);
            previousEnd = sentence.End;
        }
        return (audio.ToArray(), rate, new SpeechTimeline(phonemes, words, audio.Seconds));
    }

    /// <summary>
    /// One sentence's events on the script's time line. A phoneme lasts until the next one starts; a word from its
    /// first sound to the end of its last (its sounds are the phonemes that follow its event, up to the next word's event).
    /// </summary>
    private static void AddTimeline(
        IReadOnlyList<EspeakMark> marks, TextSpan sentence, string text, double offset, double end,
        List<TimedPhoneme> phonemes, List<TimedWord> words)
    {
        var sentenceText = sentence.Of(text);
        var sounds = marks.Where(m => m.Type == EspeakEventType.Phoneme && !m.Phoneme.StartsWith('(')).ToList();
        double SoundEnd(int i) => i + 1 < sounds.Count ? sounds[i + 1].Milliseconds / 1000.0 : end;
        for (var i = 0; i < sounds.Count; i++)
        {
            var start = sounds[i].Milliseconds / 1000.0;
            if (SoundEnd(i) > start)
                phonemes.Add(new TimedPhoneme(sounds[i].Phoneme, offset + start, offset + SoundEnd(i)));
        }

        var sound = -1;
        TimedWord? current = null;
        foreach (var mark in marks)
        {
            if (mark.Type == EspeakEventType.Phoneme && !mark.Phoneme.StartsWith('('))
            {
                sound++;
                // A word starts with its first sound: espeak-ng's word event comes a little before it, while the
                // previous word's last sound is still heard.
                if (current is { } word && mark.Phoneme.Length > 0)
                    current = word with { Start = word.End > word.Start ? word.Start : offset + sounds[sound].Milliseconds / 1000.0, End = offset + SoundEnd(sound) };
                continue;
            }
            if (mark.Type != EspeakEventType.Word)
                continue;
            Finish(current, words);
            var (index, length) = TextRange(sentenceText, mark.TextPosition, mark.Length);
            var start = offset + mark.Milliseconds / 1000.0;
            current = new TimedWord(sentence.Start + index, length, start, start);
        }
        Finish(current, words);
    }

    /// <summary>
    /// Keeps a word that was heard. espeak-ng reports a number it reads as several words over the same text
    /// ("2024" as "two thousand", "twenty-four"): those become one word that lasts as long as all of them.
    /// </summary>
    private static void Finish(TimedWord? finished, List<TimedWord> words)
    {
        if (finished is not { } word || word.End <= word.Start)
            return;
        if (words.Count > 0 && words[^1] is var last && word.TextIndex < last.TextIndex + last.TextLength)
        {
            var end = Math.Max(last.TextIndex + last.TextLength, word.TextIndex + word.TextLength);
            words[^1] = last with { TextLength = end - last.TextIndex, End = Math.Max(last.End, word.End) };
            return;
        }
        words.Add(word);
    }

    /// <summary>espeak-ng counts characters (code points) from 1; .NET strings count UTF-16 units from 0.</summary>
    private static (int Index, int Length) TextRange(string text, int position, int length)
    {
        int Utf16Index(int codePoints)
        {
            var index = 0;
            for (var n = 0; n < codePoints && index < text.Length; n++)
                index += char.IsSurrogatePair(text, index) ? 2 : 1;
            return index;
        }
        var start = Utf16Index(Math.Max(0, position - 1));
        var end = Utf16Index(Math.Max(0, position - 1 + Math.Max(1, length)));
        return (start, Math.Max(0, end - start));
    }
}
