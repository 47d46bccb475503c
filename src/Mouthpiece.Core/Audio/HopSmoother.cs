namespace Mouthpiece.Audio;

/// <summary>
/// Turns per-hop targets into motion: the opening follows its target with separate attack and
/// release time constants, the width glides, and a lip closure snaps the opening shut.
/// </summary>
internal static class HopSmoother
{
    private const double WidthSeconds = 0.060;

    public static void Apply(HopShapes hops, MouthTrackOptions options)
    {
        SmoothOpenness(hops, Coefficient(options.AttackSeconds), Coefficient(options.ReleaseSeconds));
        SmoothWidth(hops, Coefficient(WidthSeconds));
    }

    /// <summary>Per-hop step of a one-pole filter with time constant <paramref name="seconds"/>.</summary>
    private static float Coefficient(double seconds) =>
        seconds <= 0 ? 1 : (float)(1 - Math.Exp(-SpeechFeatures.HopSeconds / seconds));

    private static void SmoothOpenness(HopShapes hops, float attack, float release)
    {
        var current = 0f;
        for (var h = 0; h < hops.Count; h++)
        {
            if (hops.Closed[h])
            {
                current = 0;
            }
            else
            {
                var target = hops.Openness[h];
                current += (target > current ? attack : release) * (target - current);
            }
            hops.Openness[h] = current;
        }
    }

    private static void SmoothWidth(HopShapes hops, float step)
    {
        var current = 0f;
        for (var h = 0; h < hops.Count; h++)
        {
            if (hops.WidthKnown[h])
                current += step * (hops.Width[h] - current);
            hops.Width[h] = current;
        }
    }
}
