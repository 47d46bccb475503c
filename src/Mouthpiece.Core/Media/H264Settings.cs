using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// How Mouthpiece encodes video: H.264 at an average bit rate with a capped peak, yuv420p so that
/// every browser plays it, and AAC 44.1 kHz stereo audio. Shared by normalize and render output.
/// The GPU's encoder (NVENC) keeps the same standard: the same bit rates, peak, buffer and pixel format.
/// </summary>
public sealed record H264Settings
{
    public static readonly H264Settings Default = new();

    public long BitRate { get; init; } = 10_000_000;

    /// <summary>An x264 preset name; NVENC takes the preset of about the same speed-for-quality (see <see cref="NvencPreset"/>).</summary>
    public string Preset { get; init; } = "fast";

    public VideoEncoder Encoder { get; init; } = VideoEncoder.X264;

    /// <summary>An ffmpeg video filter applied while encoding (burned-in subtitles); null for none.</summary>
    public string? VideoFilter { get; init; }

    public IEnumerable<string> VideoArguments()
    {
        var invariant = CultureInfo.InvariantCulture;
        string[] filter = VideoFilter is null ? [] : ["-vf", VideoFilter];
        string[] codec = Encoder == VideoEncoder.Nvenc
            // Variable bit rate at the same average and peak as x264's, high profile, tuned for quality rather than latency.
            ? ["-c:v", "h264_nvenc", "-preset", NvencPreset(Preset), "-tune", "hq", "-rc", "vbr", "-profile:v", "high"]
            : ["-c:v", "libx264", "-preset", Preset];
        return
        [
            .. filter,
            .. codec,
            "-b:v", BitRate.ToString(invariant),
            // A capped peak keeps the stream within the 8–12 Mbps band a player or the next job expects.
            "-maxrate", (BitRate * 6 / 5).ToString(invariant),
            "-bufsize", (BitRate * 2).ToString(invariant),
            "-pix_fmt", "yuv420p",
        ];
    }

    /// <summary>
    /// NVENC's presets run from p1 (fastest) to p7 (best); x264's "fast", the house default, sits in the middle,
    /// as p4 does. Unknown names get the middle too.
    /// </summary>
    internal static string NvencPreset(string x264Preset) => x264Preset switch
    {
        "ultrafast" or "superfast" => "p1",
        "veryfast" => "p2",
        "faster" => "p3",
        "medium" => "p5",
        "slow" => "p6",
        "slower" or "veryslow" or "placebo" => "p7",
        _ => "p4",
    };

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

/// <summary>The H.264 encoder: x264 on the CPU, or NVIDIA's NVENC on the GPU.</summary>
public enum VideoEncoder
{
    X264,
    Nvenc,
}
