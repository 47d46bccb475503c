namespace Mouthpiece.Audio;

/// <summary>
/// Finds where the lips close inside speech: a short dip of the 500–4000 Hz band that ends in an
/// abrupt release, and is either silent and released by a burst (p, b) or filled with low-frequency
/// murmur (m, voiced b). Stops made with the tongue (t, d, k, g) look alike acoustically and close
/// too; their jaw is nearly shut anyway, and a missed closure on m/b/p is the more visible error.
/// </summary>
internal static class ClosureDetector
{
    private const float DipLevel = 0.4f;
    private const int MinGapHops = 3;
    private const int MaxGapHops = 25;
    private const int SpeechBeforeHops = 5;
    private const int ReleaseLookHops = 8;

    // The release reaches close to the following syllable's level within 30 ms (a burst is weaker than the
    // vowel, voicing follows it 10–20 ms later), and rises well above the gap.
    private const int ReleaseHops = 3;
    private const float ReleaseWithinDb = 6;
    private const float ReleaseJumpDb = 12;
    private const float ReleasedLevel = 0.6f;

    // A burst is flatter than a vowel: a sizeable share of its power lies above 3 kHz.
    private const float BurstHighFraction = 0.25f;

    public static void Mark(HopShapes hops, SpeechFeatures features, ReadOnlySpan<float> midLevel)
    {
        var dips = new bool[hops.Count];
        for (var h = 0; h < dips.Length; h++)
            dips[h] = midLevel[h] < DipLevel;
        var mid = midLevel.ToArray();
        HopShapes.ForEachRun(dips, true, (start, end) =>
        {
            if (IsClosure(hops, features, mid, start, end))
                Array.Fill(hops.Closed, true, start, end - start);
        });
    }

    private static bool IsClosure(HopShapes hops, SpeechFeatures features, float[] midLevel, int start, int end)
    {
        var length = end - start;
        if (length < MinGapHops || length > MaxGapHops || start == 0 || end + 1 >= hops.Count)
            return false;
        return SpeechBefore(hops, start)
            && IsAbruptRelease(features, midLevel, start, end)
            && (HasBurst(features, end) || IsMurmur(hops, start, end));
    }

    private static bool SpeechBefore(HopShapes hops, int start)
    {
        for (var h = Math.Max(0, start - SpeechBeforeHops); h < start; h++)
        {
            if (hops.Speech[h])
                return true;
        }
        return false;
    }

    private static bool IsAbruptRelease(SpeechFeatures features, float[] midLevel, int start, int end)
    {
        var db = features.MidDb;
        var after = db.AsSpan(end, Math.Min(ReleaseLookHops, db.Length - end));
        var levelAfter = midLevel.AsSpan(end, after.Length);
        var released = Max(db.AsSpan(end, Math.Min(ReleaseHops, db.Length - end)));
        var gapLoudest = Max(db.AsSpan(start, end - start));
        return released >= Max(after) - ReleaseWithinDb
            && released - gapLoudest >= ReleaseJumpDb
            && Max(levelAfter) >= ReleasedLevel;
    }

    // Only the release hops count: the gap itself is background noise, often hiss with a flat spectrum.
    private static bool HasBurst(SpeechFeatures features, int end) =>
        Math.Max(features.HighFraction[end], features.HighFraction[end + 1]) >= BurstHighFraction;

    private static bool IsMurmur(HopShapes hops, int start, int end)
    {
        var speaking = 0;
        for (var h = start; h < end; h++)
            speaking += hops.Speech[h] ? 1 : 0;
        return speaking * 2 >= end - start;
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.MinValue;
        foreach (var v in values)
            max = Math.Max(max, v);
        return max;
    }
}
