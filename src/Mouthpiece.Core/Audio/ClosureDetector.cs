namespace Mouthpiece.Audio;

/// <summary>
/// Finds where the lips close inside speech. A stop or nasal of any place is a short dip of the 500–4000 Hz band
/// that ends in an abrupt release; the lips close for it unless the release says the tongue made it. A burst with
/// much of its power above 3 kHz is a tongue's (t, d, k, g: sharp and high; the lips' bursts are weak and low) and
/// keeps the lips apart: the jaw is nearly shut anyway, and the loudness dip already draws the mouth nearly closed.
/// A gap filled with low murmur (m, voiced b) closes; audio alone cannot tell an m's murmur from an n's. A silent gap
/// without a high burst closes when the second formant rises into the vowel (after Delattre's loci: the lips' lies
/// lowest, 700–1100 Hz, the tongue's at 1600–1800 Hz for t and d and with the vowel for k and g); a pause before a
/// vowel, whose formants start where they stay, keeps the lips as the pause rules say.
/// Measured against the real mouths of five truth clips (bench/README), this keeps as many closures that a real mouth
/// makes as closing on every burst did, with fewer on an open mouth.
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

    // A tongue's burst is flatter than a vowel: a sizeable share of its power lies above 3 kHz.
    private const float BurstHighFraction = 0.25f;

    // The second formant at the release, against the same 50 ms into the vowel: the lips' locus lies below every
    // vowel's F2 but the most rounded ones'.
    private const int VowelHops = 5;
    private const float RisingHz = 150;

    public static void Mark(HopShapes hops, SpeechFeatures features, ReadOnlySpan<float> midLevel)
    {
        foreach (var (start, end) in StopGaps(hops, features, midLevel))
        {
            if (IsReleasedByTheLips(hops, features, start, end))
                Array.Fill(hops.Closed, true, start, end - start);
        }
    }

    private static bool IsReleasedByTheLips(HopShapes hops, SpeechFeatures features, int start, int end)
    {
        if (HasBurst(features, end))
            return false;
        if (IsMurmur(hops, start, end))
            return true;
        var atRelease = Math.Min(features.F2Hz[end], features.F2Hz[end + 1]);
        var inVowel = features.F2Hz[Math.Min(features.HopCount - 1, end + VowelHops)];
        return inVowel - atRelease >= RisingHz;
    }

    private static bool IsMurmur(HopShapes hops, int start, int end)
    {
        var speaking = 0;
        for (var h = start; h < end; h++)
            speaking += hops.Speech[h] ? 1 : 0;
        return speaking * 2 >= end - start;
    }

    /// <summary>Stretches inside speech where the mouth is shut or nearly so and then released: stops and nasals of any place.</summary>
    private static List<(int Start, int End)> StopGaps(HopShapes hops, SpeechFeatures features, ReadOnlySpan<float> midLevel)
    {
        var dips = new bool[hops.Count];
        for (var h = 0; h < dips.Length; h++)
            dips[h] = midLevel[h] < DipLevel;
        var mid = midLevel.ToArray();
        var gaps = new List<(int, int)>();
        HopShapes.ForEachRun(dips, true, (start, end) =>
        {
            var length = end - start;
            if (length >= MinGapHops && length <= MaxGapHops && start > 0 && end + 1 < hops.Count
                && SpeechBefore(hops, start) && IsAbruptRelease(features, mid, start, end))
                gaps.Add((start, end));
        });
        return gaps;
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

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.MinValue;
        foreach (var v in values)
            max = Math.Max(max, v);
        return max;
    }
}
