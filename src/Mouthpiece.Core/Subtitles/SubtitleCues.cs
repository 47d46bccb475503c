using Mouthpiece.Speech;

namespace Mouthpiece.Subtitles;

/// <summary>Subtitles for a script whose words have times: one cue per clause, from its first word's first sound to its last word's last.</summary>
public static class SubtitleCues
{
    public static IReadOnlyList<SubtitleCue> FromTimeline(string text, SpeechTimeline timeline)
    {
        var cues = new List<SubtitleCue>();
        foreach (var clause in ScriptSplitter.Clauses(text))
        {
            var words = timeline.Words.Where(w => w.TextIndex >= clause.Start && w.TextIndex < clause.End).ToList();
            if (words.Count > 0)
                cues.Add(new SubtitleCue(words[0].Start, words.Max(w => w.End), OneLine(clause.Of(text))));
        }
        return cues;
    }

    /// <summary>Cue text on one line: line breaks and runs of white space become one space.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
