using System.Globalization;

namespace Mouthpiece.Media;

/// <summary>
/// The house standard for videos (DESIGN.md §2): H.264 yuv420p, at most 1080p, at most 30 fps,
/// 8–12 Mbps. Above it decoding costs more and the lip-sync gains nothing visible: the render brings such an
/// input within the policy on the fly, and a copy is normalized first only where that pays
/// (<see cref="Scheduling.NormalizeRule"/>). Below 8 Mbps a file is kept as it is: re-encoding cannot add detail.
/// </summary>
public sealed record InputPolicy
{
    public static readonly InputPolicy Default = new();

    public string Codec { get; init; } = "h264";

    /// <summary>1080 for the short side and 1920 for the long one, so portrait phone videos fit too.</summary>
    public int MaxShortSide { get; init; } = 1080;

    public int MaxLongSide { get; init; } = 1920;

    public double MaxFramesPerSecond { get; init; } = 30;

    public long MinBitRate { get; init; } = 8_000_000;

    public long MaxBitRate { get; init; } = 12_000_000;

    public PolicyVerdict Check(VideoStreamInfo video)
    {
        var breaches = new List<string>();
        var notes = new List<string>();
        if (video.Codec != Codec)
            breaches.Add($"codec {video.Codec}, H.264 expected");
        if (video.PixelFormat is not ("yuv420p" or "yuvj420p"))
            breaches.Add($"pixel format {video.PixelFormat}, yuv420p expected");
        if (!FitsSize(video.DisplayWidth, video.DisplayHeight))
            breaches.Add($"resolution {video.DisplayWidth}x{video.DisplayHeight} > {SizeLimitText(video)}");
        // 29.97 and 30.02 fps are 30 fps for this purpose.
        if (video.FramesPerSecond > MaxFramesPerSecond + 0.5)
            breaches.Add($"frame rate {Format(video.FramesPerSecond)} fps > {Format(MaxFramesPerSecond)} fps");
        if (video.BitRate > MaxBitRate)
            breaches.Add($"bitrate {Mbps(video.BitRate.Value)} Mbps > {Mbps(MaxBitRate)} Mbps");
        else if (video.BitRate < MinBitRate)
            notes.Add($"bitrate {Mbps(video.BitRate.Value)} Mbps is below {Mbps(MinBitRate)} Mbps: kept, re-encoding cannot add detail");
        return new PolicyVerdict(breaches, notes);
    }

    public bool FitsSize(int width, int height) =>
        Math.Min(width, height) <= MaxShortSide && Math.Max(width, height) <= MaxLongSide;

    private string SizeLimitText(VideoStreamInfo video) =>
        video.DisplayWidth >= video.DisplayHeight ? $"{MaxLongSide}x{MaxShortSide}" : $"{MaxShortSide}x{MaxLongSide}";

    internal static string Mbps(long bitsPerSecond) => Format(bitsPerSecond / 1_000_000.0);

    private static string Format(double value) =>
        value.ToString(value >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);
}

/// <summary>The policy's judgement of one video: what breaks it (each a cost the render pays) and what is merely noted.</summary>
public sealed record PolicyVerdict(IReadOnlyList<string> Breaches, IReadOnlyList<string> Notes)
{
    public bool BreaksPolicy => Breaches.Count > 0;
}
