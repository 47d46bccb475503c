using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mouthpiece.Faces.Landmarks;

/// <summary>
/// Reads the primitives of dlib's portable serialization (dlib/serialize.h) from a stream through one
/// pooled window, so a 100 MB model is parsed without holding the whole file in memory.
/// Integers: a control byte (bit 7 = negative for signed types, low 4 bits = byte count) followed by
/// that many little-endian magnitude bytes. Floats: dlib's float_details, i.e. a signed 64-bit
/// mantissa then a signed 16-bit exponent, value = mantissa * 2^exponent.
/// </summary>
internal sealed class DlibStreamReader : IDisposable
{
    private const int WindowSize = 1 << 20;

    // float_details marks these exponents as infinity, -infinity and NaN.
    private const int InfinityExponent = 32000;
    private const int NegativeInfinityExponent = 32001;

    private readonly Stream _stream;
    private readonly string _name;
    private byte[] _window = ArrayPool<byte>.Shared.Rent(WindowSize);
    private int _position;
    private int _end;
    private long _consumedBeforeWindow;

    public DlibStreamReader(Stream stream, string name)
    {
        _stream = stream;
        _name = name;
    }

    /// <summary>Bytes read so far, for error messages.</summary>
    public long Offset => _consumedBeforeWindow + _position;

    public bool AtEnd => _position == _end && !Refill(1);

    public int ReadInt32() => checked((int)ReadSigned(maxBytes: 4));

    public long ReadInt64() => ReadSigned(maxBytes: 8);

    public ulong ReadUInt64()
    {
        var size = ReadControlByte() & 0x8F;
        if (size is 0 or > 8)
            throw Corrupt($"bad unsigned integer size {size}");
        return ReadMagnitude(size);
    }

    /// <summary>A count or index stored as dlib's <c>unsigned long</c>, bounded to what an array can hold.</summary>
    public int ReadCount(int max, string what)
    {
        var value = ReadUInt64();
        if (value > (ulong)max)
            throw Corrupt($"{what} {value} is more than {max}");
        return (int)value;
    }

    // Called ~16 million times for one model: inlining the primitives saves about a third of the load time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadSingle()
    {
        EnsureAvailable(1);
        if ((_window[_position] & 0x70) != 0)
            throw Corrupt("floats in dlib's old ASCII format are not supported");
        var mantissa = ReadSigned(maxBytes: 8);
        var exponent = (int)ReadSigned(maxBytes: 2);
        return exponent switch
        {
            InfinityExponent => float.PositiveInfinity,
            NegativeInfinityExponent => float.NegativeInfinity,
            > NegativeInfinityExponent => float.NaN,
            // dlib converts the mantissa to the target type first, then scales (std::ldexp).
            _ => MathF.ScaleB(mantissa, exponent),
        };
    }

    public InvalidDataException Corrupt(string reason) =>
        new($"'{_name}' is not a valid dlib shape predictor file: {reason} (at byte {Offset}).");

    public void Dispose()
    {
        if (_window.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(_window);
        _window = [];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReadSigned(int maxBytes)
    {
        var control = ReadControlByte();
        var size = control & 0x0F;
        if (size == 0 || size > maxBytes)
            throw Corrupt($"bad signed integer size {size}");
        var magnitude = (long)ReadMagnitude(size);
        return (control & 0x80) != 0 ? -magnitude : magnitude;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadControlByte()
    {
        EnsureAvailable(1);
        return _window[_position++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadMagnitude(int size)
    {
        EnsureAvailable(size);
        ulong value = 0;
        for (var i = size - 1; i >= 0; i--)
            value = (value << 8) | _window[_position + i];
        _position += size;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureAvailable(int count)
    {
        if (_end - _position < count && !Refill(count))
            throw Corrupt("the file ends early");
    }

    private bool Refill(int count)
    {
        var remaining = _end - _position;
        Buffer.BlockCopy(_window, _position, _window, 0, remaining);
        _consumedBeforeWindow += _position;
        _position = 0;
        _end = remaining;
        while (_end < count)
        {
            var read = _stream.Read(_window, _end, _window.Length - _end);
            if (read == 0)
                return false;
            _end += read;
        }
        return true;
    }
}
