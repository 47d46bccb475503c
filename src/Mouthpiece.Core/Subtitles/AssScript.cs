using System.Globalization;
using System.Text;

namespace Mouthpiece.Subtitles;

/// <summary>
/// The subtitles to burn in, as an Advanced SubStation Alpha script that libass draws: our own style (white
/// text, dark outline, bottom centre, sized to the picture) in WenQuanYi Zen Hei, which has Chinese and Latin
/// glyphs. Written by us, so the style never comes from user text; text that would be an ASS override
/// ("{\…}") is drawn as it reads.
/// </summary>
public static class AssScript
{
    public const string FontName = "WenQuanYi Zen Hei";

    /// <summary>Debian's fonts-wqy-zenhei puts the font here.</summary>
    public const string FontDirectory = "/usr/share/fonts/truetype/wqy";

    /// <summary>The bottom share of the picture the subtitles are drawn in: up to two lines above the bottom margin.</summary>
    public const double BandShare = 0.3;

    public static string Write(IReadOnlyList<SubtitleCue> cues, int width, int height)
    {
        var invariant = CultureInfo.InvariantCulture;
        var fontSize = Math.Max(12, (int)Math.Round(Math.Min(width, height) * 0.06));
        var marginV = (int)Math.Round(height * 0.04);
        var marginH = (int)Math.Round(width * 0.05);
        var outline = Math.Max(1, fontSize / 14);
        var script = new StringBuilder();
        script.Append(invariant, $"""
            [Script Info]
            ScriptType: v4.00+
            PlayResX: {width}
            PlayResY: {height}
            WrapStyle: 0
            ScaledBorderAndShadow: yes

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Default,{FontName},{fontSize},&H00FFFFFF,&H000000FF,&H00101010,&H80000000,0,0,0,0,100,100,0,0,1,{outline},0,2,{marginH},{marginH},{marginV},1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

            """);
        foreach (var cue in cues)
            script.Append(invariant, $"Dialogue: 0,{Time(cue.Start)},{Time(cue.End)},Default,,0,0,0,,{Escape(cue.Text)}\n");
        return script.ToString();
    }

    /// <summary>ASS times: H:MM:SS.cc.</summary>
    private static string Time(double seconds)
    {
        var cs = (long)Math.Round(Math.Max(0, seconds) * 100);
        return string.Create(CultureInfo.InvariantCulture, $"{cs / 360_000}:{cs / 6000 % 60:00}:{cs / 100 % 60:00}.{cs % 100:00}");
    }

    /// <summary>Braces and backslashes start ASS overrides and line breaks; their full-width forms look the same and mean nothing.</summary>
    private static string Escape(string text) => text.Replace('\\', '＼').Replace('{', '｛').Replace('}', '｝').Replace('\n', ' ');
}
