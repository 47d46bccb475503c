namespace Mouthpiece.Audio;

/// <summary>
/// Maps per-hop dB levels to 0 (noise floor) … 1 (loud speech) against percentiles of a sliding window,
/// so a recording that gets quieter, or a noisy room, still spans the whole range. Levels that do not
/// stand clearly above the recording's background read as 0, however quiet the whole recording is.
/// </summary>
internal sealed class LevelNormalizer
{
    /// <summary>Below this the whole window is treated as silence, whatever its percentiles say.</summary>
    public const float SilenceGateDb = -65;

    // Percentiles are taken every half second and interpolated between: cheap, and smooth enough.
    private const int AnchorStepHops = 50;

    // A window of only speech has a high 10th percentile; a window of digital silence a floor at −120 dB.
    // Clamping the range keeps consonants from vanishing in the first case and from looking open in the second.
    private const float MinRangeDb = 20;
    private const float MaxRangeDb = 45;

    // The floor is never lowered below the recording's background (its 10th percentile: every recording
    // pauses). A window of room noise alone is as narrow as one of speech alone; lowering its floor would
    // read the noise itself as speech, so there the peak is raised instead.
    //
    // Background hop levels scatter: in the talking-man room (speech at −60 dBFS, rumble at −66) 95% of
    // them lie within 6 dB of its 10th percentile. Only what stands 8 dB above it is taken as sound made
    // by the mouth; below that the mouth track reads silence.
    private const float BackgroundMarginDb = 8;

    // A window holding a little speech among long silence must not call that silence "loud".
    private const float PeakBelowGlobalDb = 12;

    private readonly int _windowHops;
    private readonly double _floorPercentile;
    private readonly double _peakPercentile;

    public LevelNormalizer(MouthTrackOptions options)
    {
        _windowHops = Math.Max(1, (int)Math.Round(options.LevelWindowSeconds / SpeechFeatures.HopSeconds));
        _floorPercentile = options.NoiseFloorPercentile;
        _peakPercentile = options.PeakPercentile;
    }

    public float[] Normalize(ReadOnlySpan<float> db)
    {
        var normalized = new float[db.Length];
        if (db.IsEmpty)
            return normalized;
        var scratch = new float[Math.Min(db.Length, _windowHops + 1)];
        var everything = new float[db.Length];
        var globalPeak = Percentile(db, _peakPercentile, everything);
        var background = Percentile(db, _floorPercentile, everything);
        var anchors = (db.Length + AnchorStepHops - 1) / AnchorStepHops + 1;
        var floors = new float[anchors];
        var peaks = new float[anchors];
        for (var a = 0; a < anchors; a++)
            (floors[a], peaks[a]) = RangeAround(db, Math.Min(a * AnchorStepHops, db.Length - 1), globalPeak, background, scratch);
        for (var h = 0; h < db.Length; h++)
            normalized[h] = db[h] < background + BackgroundMarginDb ? 0 : Scale(db[h], h, floors, peaks);
        return normalized;
    }

    private (float Floor, float Peak) RangeAround(ReadOnlySpan<float> db, int hop, float globalPeak, float background, float[] scratch)
    {
        var from = Math.Clamp(hop - (_windowHops / 2), 0, Math.Max(0, db.Length - _windowHops));
        var window = db.Slice(from, Math.Min(_windowHops, db.Length - from));
        var peak = Math.Max(Percentile(window, _peakPercentile, scratch), globalPeak - PeakBelowGlobalDb);
        var floor = Math.Clamp(Percentile(window, _floorPercentile, scratch), peak - MaxRangeDb, peak - MinRangeDb);
        if (peak < SilenceGateDb || floor >= background)
            return (floor, peak);
        return (background, Math.Max(peak, background + MinRangeDb));
    }

    private static float Scale(float db, int hop, float[] floors, float[] peaks)
    {
        var position = (float)hop / AnchorStepHops;
        var a = (int)position;
        var t = position - a;
        var floor = floors[a] + (t * (floors[a + 1] - floors[a]));
        var peak = peaks[a] + (t * (peaks[a + 1] - peaks[a]));
        if (peak < SilenceGateDb)
            return 0;
        return Math.Clamp((db - floor) / (peak - floor), 0, 1);
    }

    private static float Percentile(ReadOnlySpan<float> values, double percentile, float[] scratch)
    {
        var sorted = scratch.AsSpan(0, values.Length);
        values.CopyTo(sorted);
        sorted.Sort();
        var index = (int)Math.Round(percentile / 100 * (sorted.Length - 1));
        return sorted[index];
    }
}
