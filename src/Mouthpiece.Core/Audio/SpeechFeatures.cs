using Mouthpiece.Media;

namespace Mouthpiece.Audio;

/// <summary>
/// What the mouth track needs to know about each 10 ms hop of 16 kHz speech: how loud it is,
/// how much of it is vowel-like, and where the first two formants roughly sit.
/// Hop <c>h</c> is centred on sample <c>h × 160</c>, i.e. at <c>h × 10 ms</c>.
/// </summary>
internal sealed class SpeechFeatures
{
    public const int HopSamples = 160;
    public const double HopSeconds = (double)HopSamples / AudioDecoder.AnalysisSampleRate;

    /// <summary>dB floor for digital silence, so that log levels stay finite.</summary>
    public const float SilenceDb = -120;

    // Pre-emphasis (1 − 0.97 z⁻¹) flattens the voice's −6 dB/octave tilt before formant centroids,
    // otherwise F1's harmonics pull every estimate down.
    private const double PreEmphasis = 0.97;

    private SpeechFeatures(int hopCount)
    {
        HopCount = hopCount;
        LevelDb = new float[hopCount];
        MidDb = new float[hopCount];
        HighFraction = new float[hopCount];
        F1Hz = new float[hopCount];
        F2Hz = new float[hopCount];
    }

    public int HopCount { get; }

    /// <summary>Power in the speech band 100–4000 Hz, dB re full scale.</summary>
    public float[] LevelDb { get; }

    /// <summary>Power in 500–4000 Hz: drops in lip closures even when voicing or nasal murmur carries on below.</summary>
    public float[] MidDb { get; }

    /// <summary>Share of 100–8000 Hz power above 3 kHz: high for fricatives and bursts, low in vowels.</summary>
    public float[] HighFraction { get; }

    /// <summary>Centroid of the pre-emphasised 200–1000 Hz spectrum: rises with jaw opening (F1).</summary>
    public float[] F1Hz { get; }

    /// <summary>Centroid of the pre-emphasised 700–3000 Hz spectrum: high when spread (F2 of /i/), low when rounded (/u/).</summary>
    public float[] F2Hz { get; }

    public static int HopCountFor(int sampleCount) => (sampleCount + HopSamples - 1) / HopSamples;

    public static SpeechFeatures Compute(ReadOnlySpan<float> pcm16kMono)
    {
        var features = new SpeechFeatures(HopCountFor(pcm16kMono.Length));
        var analyzer = new SpectrumAnalyzer();
        var emphasis = PreEmphasisWeights();
        for (var h = 0; h < features.HopCount; h++)
            features.Describe(h, analyzer.PowerAround(pcm16kMono, h * HopSamples), emphasis);
        return features;
    }

    private void Describe(int hop, ReadOnlySpan<float> power, ReadOnlySpan<float> emphasis)
    {
        var speech = BandPower(power, 100, 4000);
        var full = BandPower(power, 100, 8000);
        LevelDb[hop] = ToDb(speech);
        MidDb[hop] = ToDb(BandPower(power, 500, 4000));
        HighFraction[hop] = full > 0 ? (float)(BandPower(power, 3000, 8000) / full) : 0;
        F1Hz[hop] = Centroid(power, emphasis, 200, 1000);
        F2Hz[hop] = Centroid(power, emphasis, 700, 3000);
    }

    private static float[] PreEmphasisWeights()
    {
        var weights = new float[SpectrumAnalyzer.BinCount];
        for (var k = 0; k < weights.Length; k++)
        {
            var omega = Math.PI * k / (SpectrumAnalyzer.BinCount - 1);
            weights[k] = (float)(1 + (PreEmphasis * PreEmphasis) - (2 * PreEmphasis * Math.Cos(omega)));
        }
        return weights;
    }

    private static double BandPower(ReadOnlySpan<float> power, double lowHz, double highHz)
    {
        var sum = 0.0;
        for (var k = SpectrumAnalyzer.BinOf(lowHz); k <= SpectrumAnalyzer.BinOf(highHz); k++)
            sum += power[k];
        return sum;
    }

    private static float Centroid(ReadOnlySpan<float> power, ReadOnlySpan<float> weights, double lowHz, double highHz)
    {
        double weighted = 0, total = 0;
        var first = SpectrumAnalyzer.BinOf(lowHz);
        var last = SpectrumAnalyzer.BinOf(highHz);
        for (var k = first; k <= last; k++)
        {
            var p = power[k] * weights[k];
            weighted += p * k;
            total += p;
        }
        var bin = total > 0 ? weighted / total : (first + last) / 2.0;
        return (float)(bin * SpectrumAnalyzer.BinHz);
    }

    private static float ToDb(double power) => Math.Max(SilenceDb, (float)(10 * Math.Log10(power + 1e-14)));
}
