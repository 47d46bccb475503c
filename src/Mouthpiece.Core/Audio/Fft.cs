namespace Mouthpiece.Audio;

/// <summary>
/// In-place radix-2 complex FFT of one fixed size. Tables are built once so that
/// transforming a hop allocates nothing.
/// </summary>
internal sealed class Fft
{
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReversed;

    public Fft(int size)
    {
        if (size < 2 || !int.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two ≥ 2.");
        Size = size;
        _cos = new float[size / 2];
        _sin = new float[size / 2];
        for (var k = 0; k < size / 2; k++)
        {
            var angle = -2 * Math.PI * k / size;
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
        }
        _bitReversed = BuildBitReversal(size);
    }

    public int Size { get; }

    /// <summary>Forward transform (e^−iωt) of <paramref name="re"/> + i·<paramref name="im"/>, in place.</summary>
    public void Forward(Span<float> re, Span<float> im)
    {
        if (re.Length != Size || im.Length != Size)
            throw new ArgumentException($"expected {Size} samples in both parts");
        Reorder(re, im);
        for (var half = 1; half < Size; half *= 2)
            Butterflies(re, im, half);
    }

    private void Reorder(Span<float> re, Span<float> im)
    {
        for (var i = 0; i < Size; i++)
        {
            var j = _bitReversed[i];
            if (j <= i)
                continue;
            (re[i], re[j]) = (re[j], re[i]);
            (im[i], im[j]) = (im[j], im[i]);
        }
    }

    private void Butterflies(Span<float> re, Span<float> im, int half)
    {
        var twiddleStep = Size / (2 * half);
        for (var start = 0; start < Size; start += 2 * half)
        {
            for (var k = 0; k < half; k++)
            {
                var wr = _cos[k * twiddleStep];
                var wi = _sin[k * twiddleStep];
                var a = start + k;
                var b = a + half;
                var tr = (re[b] * wr) - (im[b] * wi);
                var ti = (re[b] * wi) + (im[b] * wr);
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
    }

    private static int[] BuildBitReversal(int size)
    {
        var bits = int.Log2(size);
        var table = new int[size];
        for (var i = 0; i < size; i++)
        {
            var reversed = 0;
            for (var b = 0; b < bits; b++)
                reversed |= ((i >> b) & 1) << (bits - 1 - b);
            table[i] = reversed;
        }
        return table;
    }
}
