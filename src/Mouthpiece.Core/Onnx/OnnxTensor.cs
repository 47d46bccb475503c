using System.Buffers;

namespace Mouthpiece.Onnx;

/// <summary>
/// A float tensor whose elements live in managed memory that ONNX Runtime reads and writes directly
/// (no copy): fill <see cref="Span"/> before a run, read it after. The memory stays pinned until disposal.
/// </summary>
public sealed unsafe class OnnxTensor : IDisposable
{
    private readonly Memory<float> _memory;
    private readonly long[] _shape;
    private MemoryHandle _pin;

    /// <summary>Wraps <paramref name="buffer"/>, whose length must equal the product of <paramref name="shape"/>.</summary>
    public OnnxTensor(Memory<float> buffer, ReadOnlySpan<long> shape)
    {
        var count = ElementCount(shape);
        if (buffer.Length != count)
            throw new ArgumentException($"shape [{string.Join(',', shape.ToArray())}] needs {count} floats, the buffer has {buffer.Length}", nameof(buffer));
        _memory = buffer;
        _shape = shape.ToArray();
        _pin = buffer.Pin();
        Handle = CreateValue();
    }

    public ReadOnlySpan<long> Shape => _shape;

    public Span<float> Span => _memory.Span;

    internal OrtValueHandle Handle { get; }

    /// <summary>A tensor over a new zeroed buffer on the pinned heap, so pinning it costs nothing.</summary>
    public static OnnxTensor Allocate(params ReadOnlySpan<long> shape) =>
        new(GC.AllocateArray<float>(checked((int)ElementCount(shape)), pinned: true), shape);

    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }
        return count;
    }

    // A disposed tensor's native value is gone; handing it to a run would crash the process.
    internal nint NativeValue()
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        return Handle.DangerousGetHandle();
    }

    public void Dispose()
    {
        Handle.Dispose();
        _pin.Dispose();
    }

    private OrtValueHandle CreateValue()
    {
        var api = OrtApi.Instance;
        nint value;
        fixed (long* shape = _shape)
        {
            api.Check(api.CreateTensorWithDataAsOrtValue(
                api.CpuMemory.DangerousGetHandle(), _pin.Pointer, (nuint)(_memory.Length * sizeof(float)),
                shape, (nuint)_shape.Length, (int)OnnxElementType.Float, &value));
        }
        return OrtHandle.Adopt(new OrtValueHandle(), value);
    }
}
