namespace Mouthpiece.Core.Tests.Audio;

/// <summary>Test signals at 16 kHz: silence, noise bursts and vowels made from formant resonances.</summary>
internal static class SyntheticSpeech
{
    public const int SampleRate = 16000;

    public static float[] Silence(double seconds) => new float[Samples(seconds)];

    /// <summary>White noise, like a plosive's release burst.</summary>
    public static float[] Noise(double seconds, float rms, int seed = 1)
    {
        var random = new Random(seed);
        var noise = new float[Samples(seconds)];
        for (var i = 0; i < noise.Length; i++)
            noise[i] = (float)((random.NextDouble() * 2) - 1);
        return Scaled(noise, rms);
    }

    public static float[] Tone(double hz, double seconds, float rms)
    {
        var tone = new float[Samples(seconds)];
        for (var i = 0; i < tone.Length; i++)
            tone[i] = (float)Math.Sin(2 * Math.PI * hz * i / SampleRate);
        return Fade(Scaled(tone, rms), 0.005, 0.005);
    }

    public static float[] VowelA(double seconds, float rms = 0.1f) => Vowel(700, 1150, 2600, seconds, rms);

    public static float[] VowelI(double seconds, float rms = 0.1f) => Vowel(300, 2300, 3000, seconds, rms);

    public static float[] VowelU(double seconds, float rms = 0.1f) => Vowel(300, 800, 2300, seconds, rms);

    /// <summary>A 120 Hz glottal pulse train through three cascaded formant resonators, faded in and out by 10 ms.</summary>
    public static float[] Vowel(double f1, double f2, double f3, double seconds, float rms) =>
        Glide(f1, f2, f2, f3, 0, seconds, rms);

    /// <summary>A vowel whose second formant glides from <paramref name="f2From"/> to <paramref name="f2To"/> over its first <paramref name="glideSeconds"/>, as after a consonant.</summary>
    public static float[] Glide(double f1, double f2From, double f2To, double f3, double glideSeconds, double seconds, float rms)
    {
        var signal = new float[Samples(seconds)];
        var period = SampleRate / 120;
        for (var i = 0; i < signal.Length; i += period)
            signal[i] = 1;
        var glide = Math.Max(1, Samples(glideSeconds));
        Resonate(signal, _ => f1, 80);
        Resonate(signal, i => f2From + ((f2To - f2From) * Math.Min(1.0, (double)i / glide)), 100);
        Resonate(signal, _ => f3, 120);
        return Fade(Scaled(signal, rms), 0.010, 0.010);
    }

    /// <summary>Raised-cosine fades, in place.</summary>
    public static float[] Fade(float[] signal, double inSeconds, double outSeconds)
    {
        var fadeIn = Samples(inSeconds);
        var fadeOut = Samples(outSeconds);
        for (var i = 0; i < fadeIn && i < signal.Length; i++)
            signal[i] *= (float)(0.5 - (0.5 * Math.Cos(Math.PI * i / fadeIn)));
        for (var i = 0; i < fadeOut && i < signal.Length; i++)
            signal[signal.Length - 1 - i] *= (float)(0.5 - (0.5 * Math.Cos(Math.PI * i / fadeOut)));
        return signal;
    }

    public static float[] Concat(params float[][] parts) => parts.SelectMany(p => p).ToArray();

    public static int Samples(double seconds) => (int)Math.Round(seconds * SampleRate);

    private static void Resonate(float[] signal, Func<int, double> hzAt, double bandwidth)
    {
        // Two-pole resonator (Klatt): y[n] = A·x[n] + B·y[n−1] + C·y[n−2], unity gain at DC.
        var c = -Math.Exp(-2 * Math.PI * bandwidth / SampleRate);
        double y1 = 0, y2 = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var b = 2 * Math.Exp(-Math.PI * bandwidth / SampleRate) * Math.Cos(2 * Math.PI * hzAt(i) / SampleRate);
            var a = 1 - b - c;
            var y = (a * signal[i]) + (b * y1) + (c * y2);
            y2 = y1;
            y1 = y;
            signal[i] = (float)y;
        }
    }

    private static float[] Scaled(float[] signal, float rms)
    {
        var sum = 0.0;
        foreach (var s in signal)
            sum += s * s;
        var gain = sum > 0 ? rms / Math.Sqrt(sum / signal.Length) : 0;
        for (var i = 0; i < signal.Length; i++)
            signal[i] = (float)(signal[i] * gain);
        return signal;
    }
}
