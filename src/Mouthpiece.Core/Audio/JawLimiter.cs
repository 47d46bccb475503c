namespace Mouthpiece.Audio;

/// <summary>
/// Keeps the drawn opening within what a real jaw does: it never changes faster than
/// <see cref="MaxSpeed"/> openings a second, so there are no one-frame snaps from wide open to shut, and peaks
/// are rounded so it does not turn round in a single frame. Only ever lowers the opening: a closure still closes
/// on time (the mouth starts closing early enough to get there), and a quick opening is shown a little smaller.
/// </summary>
internal static class JawLimiter
{
    /// <summary>Full openings per second: shut to widest in about 130 ms, three to four frames.</summary>
    public const float MaxSpeed = 7.5f;

    /// <summary>At a peak the opening may fall back by at most this share of the speed limit within one frame of turning.</summary>
    private const float PeakRounding = 0.5f;

    public static void Apply(MouthShape[] frames, double fps)
    {
        if (frames.Length == 0)
            return;
        var step = (float)(MaxSpeed / fps);
        var opening = new float[frames.Length];
        for (var i = 0; i < frames.Length; i++)
            opening[i] = frames[i].Closed ? 0 : frames[i].Openness;
        LimitSpeed(opening, step);
        RoundPeaks(opening, PeakRounding * step);
        for (var i = 0; i < frames.Length; i++)
        {
            if (!frames[i].Closed)
                frames[i] = frames[i] with { Openness = opening[i] };
        }
    }

    /// <summary>
    /// The highest curve under the opening whose slope stays within <paramref name="step"/> a frame (the lower
    /// envelope of cones of that slope on every frame): frames already slow enough keep their value.
    /// </summary>
    private static void LimitSpeed(float[] opening, float step)
    {
        for (var i = 1; i < opening.Length; i++)
            opening[i] = Math.Min(opening[i], opening[i - 1] + step);
        for (var i = opening.Length - 2; i >= 0; i--)
            opening[i] = Math.Min(opening[i], opening[i + 1] + step);
    }

    /// <summary>A frame above both neighbours by more than <paramref name="drop"/> is brought down to them plus that.</summary>
    private static void RoundPeaks(float[] opening, float drop)
    {
        for (var i = 1; i < opening.Length - 1; i++)
        {
            var shoulder = Math.Max(opening[i - 1], opening[i + 1]);
            opening[i] = Math.Min(opening[i], shoulder + drop);
        }
    }
}
