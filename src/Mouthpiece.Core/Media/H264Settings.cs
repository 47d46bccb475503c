using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// How Mouthpiece encodes video: libx264 at an average bit rate with a capped peak, yuv420p so that
/// every browser plays it, and AAC 44.1 kHz stereo audio. Shared by normalize and render output.
/// </summary>
public sealed record H264Settings
{
    public static readonly H264Settings Default = new();

    public long BitRate { get; init; } = 10_000_000;

    public string Preset { get; init; } = "fast";

    public IEnumerable<string> VideoArguments()
    {
        var invariant = CultureInfo.InvariantCulture;
        return
        [
            "-c:v", "libx264",
            "-preset", Preset,
            "-b:v", BitRate.ToString(invariant),
            // A capped peak keeps the stream within the 8–12 Mbps band a player or the next job expects.
            "-maxrate", (BitRate * 6 / 5).ToString(invariant),
            "-bufsize", (BitRate * 2).ToString(invariant),
            "-pix_fmt", "yuv420p",
        ];
    }

    public static IEnumerable<string> AudioArguments() => ["-c:a", "aac", "-b:a", "128k", "-ar", "44100", "-ac", "2"];

    /// <summary>MP4 with the index first, so a browser starts playing before the download ends.</summary>
    public static IEnumerable<string> ContainerArguments() => ["-movflags", "+faststart", "-f", "mp4"];

    /// <summary>Parses "10M", "8500k" or "12000000" as bits per second.</summary>
    public static long ParseBitRate(string text)
    {
        var trimmed = text.Trim();
        var multiplier = char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 1_000L,
            'M' => 1_000_000L,
            _ => 1L,
        };
        var digits = multiplier == 1 ? trimmed : trimmed[..^1];
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ProblemException(Codes.Cli.BadBitRate(text));
        return (long)(value * multiplier);
    }
}
