using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Speech;

namespace Mouthpiece.Subtitles;

/// <summary>
/// A script a user gives for recorded speech: SubRip or WebVTT with its own timings, or plain text to be
/// spread over the speech. The format is told by the content (a WEBVTT header, an SRT time line), not the name.
/// </summary>
public sealed record SubtitleScript(IReadOnlyList<SubtitleCue>? Cues, string Text, string Format)
{
    /// <summary>A subtitle file is text: a few hundred kilobytes even for hours of speech.</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>True when the file carries its own timings.</summary>
    public bool IsTimed => Cues is not null;

    /// <exception cref="MediaInputException">Missing, too large, not text, or malformed SubRip/WebVTT.</exception>
    public static async Task<SubtitleScript> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new MediaInputException(path, Codes.Inputs.NotFound());
        if (info.Length > MaxBytes)
            throw new MediaInputException(path, Codes.Speech.FileTooLarge(info.Length / 1024, MaxBytes / 1024));
        return Parse(Script.DecodeText(await File.ReadAllBytesAsync(path, cancellationToken), path), path);
    }

    public static SubtitleScript Parse(string content, string source)
    {
        var text = content.TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith("WEBVTT", StringComparison.Ordinal))
            return Timed(WebVtt.Parse(text.TrimStart(), source), "vtt");
        if (text.Split('\n').Take(3).Any(line => line.Contains("-->", StringComparison.Ordinal)))
            return Timed(SubRip.Parse(text, source), "srt");
        var script = Script.Checked(text, null, source);
        return new SubtitleScript(null, script.Text, "text");
    }

    private static SubtitleScript Timed(IReadOnlyList<SubtitleCue> cues, string format) => new(cues, string.Join('\n', cues.Select(c => c.Text)), format);
}
