using System.Text;
using System.Text.RegularExpressions;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Subtitles;

/// <summary>WebVTT (.vtt), the format browsers show with &lt;track&gt;: a "WEBVTT" header, then cues like SubRip's with '.' before the milliseconds.</summary>
public static partial class WebVtt
{
    public static string Write(IReadOnlyList<SubtitleCue> cues)
    {
        var text = new StringBuilder("WEBVTT\n\n");
        foreach (var cue in cues)
        {
            text.Append(SubtitleCue.Time(cue.Start, '.')).Append(" --> ").Append(SubtitleCue.Time(cue.End, '.')).Append('\n');
            // "-->" would end a cue's text early for a reader; the arrow is written without its meaning.
            text.Append(cue.Text.Replace("-->", "- ->", StringComparison.Ordinal)).Append("\n\n");
        }
        return text.ToString();
    }

    /// <summary>Reads the cues of a WebVTT file's text (NOTE, STYLE and REGION blocks are skipped, cue settings and tags dropped).</summary>
    /// <exception cref="MediaInputException">Not valid WebVTT.</exception>
    public static IReadOnlyList<SubtitleCue> Parse(string content, string source)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (!lines[0].TrimStart('\uFEFF').StartsWith("WEBVTT", StringComparison.Ordinal))
            throw new MediaInputException(source, Codes.Subtitles.WebVttHeader());
        var cues = new List<SubtitleCue>();
        var i = 1;
        while (i < lines.Length)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                i++;
                continue;
            }
            if (line.StartsWith("NOTE", StringComparison.Ordinal) || line is "STYLE" or "REGION")
            {
                while (i < lines.Length && lines[i].Trim().Length > 0)
                    i++;
                continue;
            }
            if (!line.Contains("-->", StringComparison.Ordinal) && i + 1 < lines.Length)
                i++;
            var timing = SubtitleText.ParseTiming(lines[i], i + 1, source, '.');
            var text = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim().Length > 0; i++)
                text.Add(lines[i].Trim());
            cues.Add(SubtitleText.Cue(timing, text, TagPattern(), source, i));
        }
        return SubtitleText.Checked(cues, source);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
