namespace Mouthpiece.Speech;

/// <summary>One sound of the speech, from its start to the next sound's start. A pause has an empty name.</summary>
/// <param name="Name">The phoneme in IPA, as espeak-ng names it ("m", "aɪ", "tɕh"); empty for a pause.</param>
public readonly record struct TimedPhoneme(string Name, double Start, double End)
{
    public bool IsPause => Name.Length == 0;
}

/// <summary>One word of the script and when it is spoken; a Chinese character is a word of its own.</summary>
/// <param name="TextIndex">Where the word starts in the script (UTF-16 index).</param>
/// <param name="TextLength">Its length in the script (UTF-16 code units).</param>
public readonly record struct TimedWord(int TextIndex, int TextLength, double Start, double End);

/// <summary>
/// When each sound and each word of a synthesized script is heard, in seconds from the start of its audio.
/// Built from espeak-ng's phoneme and word events, or, for audio from elsewhere, from the text spread over
/// the speech (then without phonemes).
/// </summary>
public sealed record SpeechTimeline(IReadOnlyList<TimedPhoneme> Phonemes, IReadOnlyList<TimedWord> Words, double Duration)
{
    public static readonly SpeechTimeline Empty = new([], [], 0);
}
