namespace Mouthpiece.Audio;

/// <summary>
/// The mouth per 10 ms hop while the track is being built: first the raw targets read from the
/// spectrum, then closures and pause rules laid over them, then smoothed.
/// </summary>
internal sealed class HopShapes
{
    /// <summary>Normalized level from which a hop counts as speech rather than pause.</summary>
    public const float SpeechLevel = 0.15f;

    // Vowels keep almost all their power below 3 kHz; fricatives and bursts put most of it above.
    private const float VowelHighFraction = 0.1f;
    private const float FricativeHighFraction = 0.6f;

    // F1 of close vowels (/i/, /u/) sits near 300 Hz, of /a/ near 700 Hz or more.
    private const float CloseF1Hz = 350;
    private const float OpenF1Hz = 700;

    // F2 around 1250 Hz is neutral; an octave factor of 2^0.8 either way is fully spread or fully rounded.
    private const float NeutralF2Hz = 1250;
    private const float FullWidthOctaves = 0.8f;

    // Seconds of voiced speech after which its median width is trusted fully as the speaker's neutral,
    // and the largest correction that is believable as a voice difference rather than a vowel.
    private const float SpeakerNeutralSeconds = 3;
    private const float MaxSpeakerShift = 0.6f;

    // The mouth opens on a syllable's vowel and partly closes on the consonants around it, which are
    // quieter than the nucleus within the same syllable (±120 ms); loudness against the whole
    // recording alone keeps the mouth open through them.
    private const int NucleusRadiusHops = 12;
    private const float NucleusDipDb = 15;
    private const float NucleusFloor = 0.35f;

    // Loudness above the floor is mapped with a mild power so that weak consonants sit clearly below vowel nuclei.
    private const float LoudnessExponent = 1.5f;

    private HopShapes(int count)
    {
        Openness = new float[count];
        Width = new float[count];
        WidthKnown = new bool[count];
        Speech = new bool[count];
        Closed = new bool[count];
    }

    public int Count => Openness.Length;

    public float[] Openness { get; }

    /// <summary>Width target; only meaningful where <see cref="WidthKnown"/>.</summary>
    public float[] Width { get; }

    /// <summary>Whether <see cref="Width"/> holds a target here: formants mean little outside vowels.</summary>
    public bool[] WidthKnown { get; }

    public bool[] Speech { get; }

    public bool[] Closed { get; }

    public static HopShapes FromFeatures(SpeechFeatures features, ReadOnlySpan<float> level)
    {
        var hops = new HopShapes(features.HopCount);
        var syllablePeakDb = LocalMax(features.LevelDb, NucleusRadiusHops);
        for (var h = 0; h < hops.Count; h++)
        {
            var vowelness = Ramp(features.HighFraction[h], FricativeHighFraction, VowelHighFraction);
            var jaw = Ramp(features.F1Hz[h], CloseF1Hz, OpenF1Hz);
            var nucleus = Ramp(features.LevelDb[h] - syllablePeakDb[h], -NucleusDipDb, 0);
            hops.Speech[h] = level[h] >= SpeechLevel;
            hops.WidthKnown[h] = hops.Speech[h] && vowelness >= 0.5f;
            hops.Openness[h] = hops.Speech[h]
                ? MathF.Pow(level[h], LoudnessExponent)
                    * (0.4f + (0.6f * vowelness)) * (0.6f + (0.4f * jaw)) * (NucleusFloor + ((1 - NucleusFloor) * nucleus))
                : 0;
            hops.Width[h] = MathF.Log2(features.F2Hz[h] / NeutralF2Hz) / FullWidthOctaves;
        }
        hops.CentreWidthOnSpeaker();
        return hops;
    }

    /// <summary>
    /// Voices differ in formant height (children, women, men), and the centroid reads some of F1 and F3 too,
    /// so a speaker's typical vowel is taken as neutral once enough voiced speech has been heard to know it.
    /// </summary>
    private void CentreWidthOnSpeaker()
    {
        var voiced = new List<float>();
        for (var h = 0; h < Count; h++)
        {
            if (WidthKnown[h])
                voiced.Add(Width[h]);
        }
        var shift = 0f;
        if (voiced.Count > 0)
        {
            voiced.Sort();
            var confidence = Math.Min(1f, voiced.Count * (float)SpeechFeatures.HopSeconds / SpeakerNeutralSeconds);
            shift = Math.Clamp(voiced[voiced.Count / 2], -MaxSpeakerShift, MaxSpeakerShift) * confidence;
        }
        for (var h = 0; h < Count; h++)
            Width[h] = Math.Clamp(Width[h] - shift, -1, 1);
    }

    /// <summary>Largest value within ±<paramref name="radius"/> of each index.</summary>
    private static float[] LocalMax(ReadOnlySpan<float> values, int radius)
    {
        var max = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var from = Math.Max(0, i - radius);
            var window = values.Slice(from, Math.Min(values.Length, i + radius + 1) - from);
            max[i] = MaxOf(window);
        }
        return max;
    }

    private static float MaxOf(ReadOnlySpan<float> window)
    {
        var max = float.MinValue;
        foreach (var v in window)
            max = Math.Max(max, v);
        return max;
    }

    /// <summary>Lengthens lip closures shorter than <paramref name="minHops"/> evenly on both sides, so each one is seen.</summary>
    public void ExtendShortClosures(int minHops)
    {
        var shortRuns = new List<(int Start, int End)>();
        ForEachRun(Closed, true, (start, end) =>
        {
            if (end - start < minHops)
                shortRuns.Add((start, end));
        });
        foreach (var (start, end) in shortRuns)
        {
            var from = Math.Max(0, start - ((minHops - (end - start)) / 2));
            var to = Math.Min(Count, from + minHops);
            Array.Fill(Closed, true, from, to - from);
        }
    }

    /// <summary>Calls <paramref name="visit"/> with (start, endExclusive) of each run where <paramref name="flags"/> equals <paramref name="value"/>.</summary>
    public static void ForEachRun(ReadOnlySpan<bool> flags, bool value, Action<int, int> visit)
    {
        var h = 0;
        while (h < flags.Length)
        {
            if (flags[h] != value)
            {
                h++;
                continue;
            }
            var start = h;
            while (h < flags.Length && flags[h] == value)
                h++;
            visit(start, h);
        }
    }

    /// <summary>0 at <paramref name="zeroAt"/>, 1 at <paramref name="oneAt"/>, linear and clamped in between (either direction).</summary>
    private static float Ramp(float value, float zeroAt, float oneAt) =>
        Math.Clamp((value - zeroAt) / (oneAt - zeroAt), 0, 1);
}
