using System.Runtime.InteropServices;

namespace Mouthpiece.Media;

/// <summary>
/// Decoded mono float samples, held in native memory. A long recording is tens of megabytes that are
/// garbage once analysed; native memory goes back to the operating system the moment it is disposed,
/// where a managed array's pages stay resident in the process for the rest of a long render.
/// </summary>
public sealed unsafe class PcmSamples : IDisposable
{
    private byte* _data;
    private nuint _capacity;
    private nuint _length;

    internal PcmSamples(long expectedBytes)
    {
        _capacity = (nuint)Math.Max(expectedBytes, 4096);
        _data = (byte*)NativeMemory.Alloc(_capacity);
    }

    ~PcmSamples() => Free();

    public int Length => (int)(_length / sizeof(float));

    /// <summary>The samples; valid until the buffer is disposed.</summary>
    public ReadOnlySpan<float> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_data is null, this);
            return new ReadOnlySpan<float>(_data, Length);
        }
    }

    public float[] ToArray() => Span.ToArray();

    /// <summary>Appends raw little-endian float bytes as they come from a pipe (any split, not only whole samples).</summary>
    internal void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _length + (nuint)bytes.Length;
        if (needed > _capacity)
        {
            _capacity = Math.Max(needed, 2 * _capacity);
            _data = (byte*)NativeMemory.Realloc(_data, _capacity);
        }
        bytes.CopyTo(new Span<byte>(_data + _length, bytes.Length));
        _length = needed;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeMemory.Free(_data);
        _data = null;
    }
}
