using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mouthpiece.Media;

namespace Mouthpiece.Subtitles;

/// <summary>SubRip (.srt): numbered cues, "HH:MM:SS,mmm --> HH:MM:SS,mmm", text lines, a blank line.</summary>
public static partial class SubRip
{
    public static string Write(IReadOnlyList<SubtitleCue> cues)
    {
        var text = new StringBuilder();
        for (var i = 0; i < cues.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}\n");
            text.Append(CultureInfo.InvariantCulture, $"{SubtitleCue.Time(cues[i].Start, ',')} --> {SubtitleCue.Time(cues[i].End, ',')}\n");
            text.Append(cues[i].Text).Append("\n\n");
        }
        return text.ToString();
    }

    /// <summary>Reads the cues of an SRT file's text; a malformed file is refused, naming the line.</summary>
    /// <exception cref="MediaInputException">Not valid SubRip.</exception>
    public static IReadOnlyList<SubtitleCue> Parse(string content, string source)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var cues = new List<SubtitleCue>();
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Trim().Length == 0)
            {
                i++;
                continue;
            }
            // The number line is optional in practice; the timing line is not.
            if (!lines[i].Contains("-->", StringComparison.Ordinal) && i + 1 < lines.Length)
                i++;
            var timing = SubtitleText.ParseTiming(lines[i], i + 1, source, ',');
            var text = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim().Length > 0; i++)
                text.Add(lines[i].Trim());
            cues.Add(SubtitleText.Cue(timing, text, TagPattern(), source, i));
        }
        return SubtitleText.Checked(cues, source);
    }

    [GeneratedRegex("<[^>]*>|\\{\\\\[^}]*\\}")]
    private static partial Regex TagPattern();
}
