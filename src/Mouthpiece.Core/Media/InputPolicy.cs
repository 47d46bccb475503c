using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// The house standard for videos (docs/ARCHITECTURE.md §2): H.264 yuv420p, at most 1080p, at most 30 fps,
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
        var breaches = new List<Message>();
        var notes = new List<Message>();
        if (video.Codec != Codec)
            breaches.Add(Codes.Policy.Codec(video.Codec));
        if (video.PixelFormat is not ("yuv420p" or "yuvj420p"))
            breaches.Add(Codes.Policy.PixelFormat(video.PixelFormat));
        if (!FitsSize(video.DisplayWidth, video.DisplayHeight))
        {
            var landscape = video.DisplayWidth >= video.DisplayHeight;
            breaches.Add(Codes.Policy.Resolution(video.DisplayWidth, video.DisplayHeight,
                landscape ? MaxLongSide : MaxShortSide, landscape ? MaxShortSide : MaxLongSide));
        }
        // 29.97 and 30.02 fps are 30 fps for this purpose.
        if (video.FramesPerSecond > MaxFramesPerSecond + 0.5)
            breaches.Add(Codes.Policy.FrameRate(Shown(video.FramesPerSecond), Shown(MaxFramesPerSecond)));
        if (video.BitRate > MaxBitRate)
            breaches.Add(Codes.Policy.BitRateHigh(Mbps(video.BitRate.Value), Mbps(MaxBitRate)));
        else if (video.BitRate < MinBitRate)
            notes.Add(Codes.Policy.BitRateLow(Mbps(video.BitRate.Value), Mbps(MinBitRate)));
        return new PolicyVerdict(breaches, notes);
    }

    public bool FitsSize(int width, int height) =>
        Math.Min(width, height) <= MaxShortSide && Math.Max(width, height) <= MaxLongSide;

    internal static double Mbps(long bitsPerSecond) => Shown(bitsPerSecond / 1_000_000.0);

    /// <summary>As precise as a person needs: whole numbers from 10 up, one decimal below.</summary>
    private static double Shown(double value) => value >= 10 ? Math.Round(value) : Math.Round(value, 1);
}

/// <summary>The policy's judgement of one video: what breaks it (each a cost the render pays) and what is merely noted.</summary>
public sealed record PolicyVerdict(IReadOnlyList<Message> Breaches, IReadOnlyList<Message> Notes)
{
    public bool BreaksPolicy => Breaches.Count > 0;
}
