using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;
using Mouthpiece.Media;

namespace Mouthpiece.Wav2Lip;

/// <summary>
/// Wav2Lip's audio front end, rebuilt from its <c>audio.py</c> and <c>hparams.py</c> (DESIGN.md §4): 16 kHz mono,
/// pre-emphasis 0.97, a centred STFT (n_fft 800, hop 200, periodic Hann window of 800, reflected edges, as
/// librosa 0.7 pads), the magnitude through 80 Slaney mel filters from 55 to 7600 Hz, and then
/// clip(1.6·log10(max(1e-5, mel)) + 2.4, −4, 4), which is the original's dB conversion (ref 20 dB, floor −100 dB)
/// and symmetric normalisation to ±4 folded into one line. One column per 12.5 ms; a video frame takes 16 columns.
/// </summary>
public sealed class MelSpectrogram
{
    // Wav2Lip's 16 kHz is the analysis rate: the mel is computed from the PCM that the mouth track is made from.
    private const int SampleRate = AudioDecoder.AnalysisSampleRate;
    public const int Bands = 80;
    public const int FftSize = 800;
    public const int HopSize = 200;
    public const int ChunkColumns = 16;
    public const float PreEmphasis = 0.97f;
    public const double MinFrequency = 55;
    public const double MaxFrequency = 7600;

    /// <summary>Mel columns per second: Wav2Lip's "80." in <c>mel_idx_multiplier = 80./fps</c>.</summary>
    public const double ColumnsPerSecond = (double)SampleRate / HopSize;

    private static readonly Lazy<float[,]> SharedFilters = new(() => MelFilters(SampleRate, FftSize, Bands, MinFrequency, MaxFrequency));

    // Band-major, as Wav2Lip holds it (80 rows of Columns values), so a frame's chunk is 80 contiguous runs.
    private readonly float[] _values;

    private MelSpectrogram(float[] values, int columns)
    {
        _values = values;
        Columns = columns;
    }

    public int Columns { get; }

    public float this[int band, int column] => _values[band * Columns + column];

    /// <summary>The normalised mel spectrogram of 16 kHz mono samples (at least one sample).</summary>
    public static MelSpectrogram Compute(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
            throw new ArgumentException("no samples", nameof(samples));
        var emphasized = Emphasize(samples);
        var columns = 1 + emphasized.Length / HopSize;
        var values = new float[Bands * columns];
        var filters = SharedFilters.Value;
        var window = PeriodicHann(FftSize);
        var spectrum = new Complex32[FftSize];
        var magnitude = new float[FftSize / 2 + 1];
        for (var column = 0; column < columns; column++)
        {
            var start = column * HopSize - FftSize / 2;
            for (var n = 0; n < FftSize; n++)
                spectrum[n] = new Complex32(emphasized[Reflect(start + n, emphasized.Length)] * window[n], 0);
            Fourier.Forward(spectrum, FourierOptions.NoScaling);
            for (var k = 0; k < magnitude.Length; k++)
                magnitude[k] = spectrum[k].Magnitude;
            for (var band = 0; band < Bands; band++)
            {
                var energy = 0f;
                for (var k = 0; k < magnitude.Length; k++)
                    energy += filters[band, k] * magnitude[k];
                values[band * columns + column] = Normalize(energy);
            }
        }
        return new MelSpectrogram(values, columns);
    }

    /// <summary>
    /// The first column of output frame <paramref name="frame"/>'s window, as Wav2Lip's inference computes it
    /// (<c>int(i * (80./fps))</c>, in doubles); windows that would run past the end take the last 16 columns.
    /// </summary>
    public int ChunkStart(long frame, double framesPerSecond)
    {
        var start = (long)(frame * (ColumnsPerSecond / framesPerSecond));
        return (int)Math.Max(0, Math.Min(start, Columns - ChunkColumns));
    }

    /// <summary>Writes frame <paramref name="frame"/>'s 80×16 window, band by band, as the model's [1,80,16] input wants it.</summary>
    public void CopyChunk(long frame, double framesPerSecond, Span<float> destination)
    {
        if (destination.Length != Bands * ChunkColumns)
            throw new ArgumentException($"a chunk is {Bands}x{ChunkColumns} values", nameof(destination));
        if (Columns < ChunkColumns)
        {
            // Shorter than 16 columns (under 0.2 s of audio): the missing columns are silence.
            destination.Fill(Normalize(0));
            for (var band = 0; band < Bands; band++)
                _values.AsSpan(band * Columns, Columns).CopyTo(destination.Slice(band * ChunkColumns));
            return;
        }
        var start = ChunkStart(frame, framesPerSecond);
        for (var band = 0; band < Bands; band++)
            _values.AsSpan(band * Columns + start, ChunkColumns).CopyTo(destination.Slice(band * ChunkColumns, ChunkColumns));
    }

    /// <summary>Wav2Lip's value for a mel energy: the dB level above its floor, scaled to ±4.</summary>
    internal static float Normalize(float energy) =>
        Math.Clamp(1.6f * MathF.Log10(Math.Max(1e-5f, energy)) + 2.4f, -4f, 4f);

    // scipy.signal.lfilter([1, -k], [1], x): the first sample has no predecessor.
    private static float[] Emphasize(ReadOnlySpan<float> samples)
    {
        var result = new float[samples.Length];
        result[0] = samples[0];
        for (var n = 1; n < samples.Length; n++)
            result[n] = samples[n] - PreEmphasis * samples[n - 1];
        return result;
    }

    // numpy's "reflect" padding (the edge sample is not repeated), folded again for inputs shorter than the pad.
    private static int Reflect(int index, int length)
    {
        if (length == 1)
            return 0;
        var period = 2 * (length - 1);
        var folded = ((index % period) + period) % period;
        return folded < length ? folded : period - folded;
    }

    private static float[] PeriodicHann(int size)
    {
        var window = new float[size];
        for (var n = 0; n < size; n++)
            window[n] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / size));
        return window;
    }

    /// <summary>librosa's <c>filters.mel</c> with the Slaney scale and area normalisation (its defaults).</summary>
    internal static float[,] MelFilters(int sampleRate, int fftSize, int bands, double minFrequency, double maxFrequency)
    {
        var bins = fftSize / 2 + 1;
        var edges = new double[bands + 2];
        var (low, high) = (HertzToMel(minFrequency), HertzToMel(maxFrequency));
        for (var i = 0; i < edges.Length; i++)
            edges[i] = MelToHertz(low + (high - low) * i / (edges.Length - 1));
        var filters = new float[bands, bins];
        for (var band = 0; band < bands; band++)
        {
            var area = 2 / (edges[band + 2] - edges[band]);
            for (var k = 0; k < bins; k++)
            {
                var frequency = (double)k * sampleRate / fftSize;
                var rising = (frequency - edges[band]) / (edges[band + 1] - edges[band]);
                var falling = (edges[band + 2] - frequency) / (edges[band + 2] - edges[band + 1]);
                filters[band, k] = (float)(Math.Max(0, Math.Min(rising, falling)) * area);
            }
        }
        return filters;
    }

    // Slaney's mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above (27 steps per factor 6.4).
    private const double LinearStep = 200.0 / 3;
    private const double LogKneeHertz = 1000;
    private const double LogKneeMel = LogKneeHertz / LinearStep;
    private static readonly double LogStep = Math.Log(6.4) / 27;

    internal static double HertzToMel(double hertz) =>
        hertz >= LogKneeHertz ? LogKneeMel + Math.Log(hertz / LogKneeHertz) / LogStep : hertz / LinearStep;

    internal static double MelToHertz(double mel) =>
        mel >= LogKneeMel ? LogKneeHertz * Math.Exp(LogStep * (mel - LogKneeMel)) : mel * LinearStep;
}
