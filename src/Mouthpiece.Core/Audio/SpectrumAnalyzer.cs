using Mouthpiece.Media;

namespace Mouthpiece.Audio;

/// <summary>
/// Power spectrum of one 25 ms Hann window of 16 kHz audio, centred on a given sample.
/// Buffers are reused, so analysing a hop allocates nothing; one instance per thread.
/// </summary>
internal sealed class SpectrumAnalyzer
{
    public const int WindowSamples = 400;
    public const int FftSize = 512;
    public const int BinCount = (FftSize / 2) + 1;
    public const double BinHz = (double)AudioDecoder.AnalysisSampleRate / FftSize;

    private readonly Fft _fft = new(FftSize);
    private readonly float[] _window = BuildHann(WindowSamples);
    private readonly float[] _re = new float[FftSize];
    private readonly float[] _im = new float[FftSize];
    private readonly float[] _power = new float[BinCount];
    private readonly float _scale;

    public SpectrumAnalyzer()
    {
        // Parseval: Σ|X|² / (N·Σw²) is the window's mean square, so band sums read as signal power
        // (one-sided bins count twice) and a full-scale sine sits near −3 dB.
        var windowEnergy = 0.0;
        foreach (var w in _window)
            windowEnergy += w * w;
        _scale = (float)(2.0 / (FftSize * windowEnergy));
    }

    /// <summary>Power per bin (mean-square units) of the window centred on <paramref name="centre"/>; valid until the next call.</summary>
    public ReadOnlySpan<float> PowerAround(ReadOnlySpan<float> pcm, int centre)
    {
        LoadWindow(pcm, centre);
        _fft.Forward(_re, _im);
        for (var k = 0; k < BinCount; k++)
            _power[k] = ((_re[k] * _re[k]) + (_im[k] * _im[k])) * _scale;
        return _power;
    }

    public static int BinOf(double hz) => (int)Math.Round(hz / BinHz);

    public static float FrequencyOf(int bin) => (float)(bin * BinHz);

    private void LoadWindow(ReadOnlySpan<float> pcm, int centre)
    {
        Array.Clear(_re);
        Array.Clear(_im);
        var first = centre - (WindowSamples / 2);
        // Clip the window to the signal: samples before the start and after the end count as silence.
        var from = Math.Max(0, -first);
        var to = Math.Min(WindowSamples, pcm.Length - first);
        for (var i = from; i < to; i++)
            _re[i] = pcm[first + i] * _window[i];
    }

    private static float[] BuildHann(int length)
    {
        var window = new float[length];
        for (var i = 0; i < length; i++)
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 0.5) / length)));
        return window;
    }
}
