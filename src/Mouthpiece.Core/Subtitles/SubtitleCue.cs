using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Subtitles;

/// <summary>One subtitle: a line of text shown from <paramref name="Start"/> to <paramref name="End"/> (seconds from the start of the video).</summary>
public readonly record struct SubtitleCue(double Start, double End, string Text)
{
    /// <summary>"HH:MM:SS" followed by <paramref name="separator"/> and milliseconds, as SRT (',') and WebVTT ('.') write times.</summary>
    internal static string Time(double seconds, char separator)
    {
        var ms = (long)Math.Round(Math.Max(0, seconds) * 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}{separator}{ms % 1000:000}");
    }
}

/// <summary>Which subtitles to make: files beside the output, burned into the picture, or both.</summary>
[Flags]
public enum SubtitleFormats
{
    None = 0,

    /// <summary>SubRip, <c>OUT.srt</c>.</summary>
    Srt = 1,

    /// <summary>WebVTT, <c>OUT.vtt</c>.</summary>
    Vtt = 2,

    /// <summary>Drawn into the video itself (libass, a CJK font).</summary>
    Burn = 4,
}

public static class SubtitleFormatNames
{
    /// <summary>Parses "srt,vtt,burn" (any of them, any order, case-insensitive).</summary>
    /// <exception cref="ProblemException">An unknown name.</exception>
    public static SubtitleFormats Parse(IEnumerable<string>? names)
    {
        var formats = SubtitleFormats.None;
        foreach (var name in (names ?? []).SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            formats |= name.ToLowerInvariant() switch
            {
                "srt" => SubtitleFormats.Srt,
                "vtt" or "webvtt" => SubtitleFormats.Vtt,
                "burn" => SubtitleFormats.Burn,
                _ => throw new ProblemException(Codes.Subtitles.UnknownFormat(name)),
            };
        }
        return formats;
    }

    public static IReadOnlyList<string> Names(SubtitleFormats formats) =>
        [.. new[] { (SubtitleFormats.Srt, "srt"), (SubtitleFormats.Vtt, "vtt"), (SubtitleFormats.Burn, "burn") }
            .Where(f => formats.HasFlag(f.Item1)).Select(f => f.Item2)];
}
