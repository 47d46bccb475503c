namespace Mouthpiece.Audio;

/// <summary>
/// Rhubarb Lip Sync's pause timing: a short pause keeps the mouth as it was (a breath between
/// words), a medium one lets it ease shut, a long one — and the silence before and after speech —
/// relaxes it to rest with the lips together (after easing shut for the keep-shape time). Lip closures found earlier are left alone.
/// </summary>
internal static class PauseRules
{
    private const int HeldShapeLookbackHops = 5;

    public static void Apply(HopShapes hops, MouthTrackOptions options)
    {
        var keepHops = ToHops(options.KeepShapePauseSeconds);
        var restHops = ToHops(options.RestPauseSeconds);
        var pauses = new bool[hops.Count];
        for (var h = 0; h < pauses.Length; h++)
            pauses[h] = !hops.Speech[h] && !hops.Closed[h];
        HopShapes.ForEachRun(pauses, true, (start, end) =>
        {
            // Before the first word there is nothing to ease out of; after the last one the release is seen.
            if (start == 0)
                Rest(hops, start, end, 0);
            else if (end == hops.Count || end - start > restHops)
                Rest(hops, start, end, keepHops);
            else if (end - start < keepHops)
                Keep(hops, start, end);
            else
                Array.Fill(hops.Openness, 0, start, end - start);
        });
    }

    public static int ToHops(double seconds) => (int)Math.Round(seconds / SpeechFeatures.HopSeconds);

    private static void Keep(HopShapes hops, int start, int end)
    {
        // The hops just before a pause are the fading end of a syllable; hold the syllable itself.
        var held = start - 1;
        for (var h = Math.Max(0, start - HeldShapeLookbackHops); h < start; h++)
        {
            if (hops.Openness[h] > hops.Openness[held])
                held = h;
        }
        Array.Fill(hops.Openness, hops.Openness[held], start, end - start);
        Array.Fill(hops.Width, hops.Width[held], start, end - start);
        Array.Fill(hops.WidthKnown, hops.WidthKnown[held], start, end - start);
    }

    private static void Rest(HopShapes hops, int start, int end, int easeHops)
    {
        // Inside speech the mouth first eases shut, so the release is seen, then rests with the lips together.
        Array.Fill(hops.Openness, 0, start, end - start);
        Array.Fill(hops.Width, 0, start, end - start);
        Array.Fill(hops.WidthKnown, true, start, end - start);
        var closedFrom = Math.Min(end, start + easeHops);
        Array.Fill(hops.Closed, true, closedFrom, end - closedFrom);
    }
}
