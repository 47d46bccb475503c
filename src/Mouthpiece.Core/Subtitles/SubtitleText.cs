using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Subtitles;

/// <summary>What SubRip and WebVTT reading share: the timing line, cue text, and the checks on the whole file.</summary>
internal static partial class SubtitleText
{
    /// <summary>More cues than any real video has: a file with more is not a subtitle file.</summary>
    public const int MaxCues = 50_000;

    public static (double Start, double End) ParseTiming(string line, int lineNumber, string source, char separator)
    {
        var match = TimingPattern().Match(line);
        if (!match.Success)
            throw new MediaInputException(source, Codes.Subtitles.BadTiming(lineNumber, $"00:00:01{separator}000 --> 00:00:02{separator}500", Short(line)));
        var start = Seconds(match.Groups["from"].Value);
        var end = Seconds(match.Groups["to"].Value);
        if (end <= start)
            throw new MediaInputException(source, Codes.Subtitles.EndsBeforeStart(lineNumber, Short(line)));
        return (start, end);
    }

    public static SubtitleCue Cue((double Start, double End) timing, List<string> lines, Regex tags, string source, int lineNumber)
    {
        var text = WebUtility.HtmlDecode(tags.Replace(string.Join(' ', lines), ""));
        text = SubtitleCues.OneLine(text);
        if (text.Length == 0)
            throw new MediaInputException(source, Codes.Subtitles.CueWithoutText(lineNumber));
        return new SubtitleCue(timing.Start, timing.End, text);
    }

    public static IReadOnlyList<SubtitleCue> Checked(List<SubtitleCue> cues, string source)
    {
        if (cues.Count == 0)
            throw new MediaInputException(source, Codes.Subtitles.NoCues());
        if (cues.Count > MaxCues)
            throw new MediaInputException(source, Codes.Subtitles.TooManyCues(cues.Count, MaxCues));
        return [.. cues.OrderBy(c => c.Start)];
    }

    /// <summary>"HH:MM:SS.mmm", "MM:SS.mmm" or with ',' — hours are optional in WebVTT and common in both.</summary>
    private static double Seconds(string time)
    {
        var parts = time.Replace(',', '.').Split(':');
        double seconds = 0;
        foreach (var part in parts)
            seconds = seconds * 60 + double.Parse(part, CultureInfo.InvariantCulture);
        return seconds;
    }

    private static string Short(string line) => line.Length > 60 ? line[..60] + "…" : line;

    [GeneratedRegex(@"^\s*(?<from>(\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?<to>(\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3})(\s.*)?$")]
    private static partial Regex TimingPattern();
}
