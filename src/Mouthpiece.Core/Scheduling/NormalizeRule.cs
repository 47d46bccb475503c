using Mouthpiece.Media;

namespace Mouthpiece.Scheduling;

/// <summary>
/// Whether a video that breaks the input policy is normalized before it is rendered, or rendered as it is
/// (the render brings it within 1080p30 on the fly). From the bitrate study (<c>bench/results/latest</c>,
/// section 2, 5 s clips on 2 cores): normalizing costs about as much as a render, so it never pays for a
/// video rendered once. A normalized copy saves 1.2 s of a 6.5 s render at 40 Mbps and 1.9–2.5 s of
/// 7.4–8.3 s at 60 Mbps (1080p and 2160p); kept and reused, it has paid for itself from the 6th render of
/// the same video at 40 Mbps and from the 4th at 60 Mbps. At 20 Mbps and below it saves nothing measurable.
/// </summary>
public static class NormalizeRule
{
    /// <summary>(lowest bit rate, renders of the same video from which normalizing once pays off), highest rate first.</summary>
    private static readonly (long MinBitRate, int Renders)[] BreakEven = [(60_000_000, 4), (40_000_000, 6)];

    /// <summary>Renders of one video after which a normalized copy has paid for itself; null when it never does.</summary>
    public static int? BreakEvenRenders(long? bitRate)
    {
        foreach (var (minBitRate, renders) in BreakEven)
            if (bitRate >= minBitRate)
                return renders;
        return null;
    }

    /// <summary>
    /// Normalize first only a policy-breaking video that will be rendered at least as often as the study's
    /// break-even for its bit rate; every other video is rendered as it is.
    /// </summary>
    /// <param name="bitRate">The video stream's bit rate, or the file's when the container does not give the stream's.</param>
    /// <param name="expectedRenders">Renders of this video's content: in this submission, earlier ones, and announced ones (a saved avatar).</param>
    public static bool ShouldNormalize(PolicyVerdict verdict, long? bitRate, int expectedRenders) =>
        verdict.BreaksPolicy && BreakEvenRenders(bitRate) is { } breakEven && expectedRenders >= breakEven;
}
