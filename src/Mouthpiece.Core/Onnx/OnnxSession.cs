using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Mouthpiece.Onnx;

/// <summary>
/// One ONNX model loaded into ONNX Runtime (CPU). Runs take caller-owned <see cref="OnnxTensor"/>s for
/// both inputs and outputs, so a loop that reuses its tensors allocates nothing per run.
/// Safe to run from several threads at once, as the runtime allows.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly nint[] _inputNames;
    private readonly nint[] _outputNames;

    // The pinned UTF-8 bytes behind _inputNames and _outputNames; held so the GC keeps them.
    private readonly List<byte[]> _nameBytes = [];

    /// <summary>Loads the model at <paramref name="modelPath"/>; a missing or unreadable model throws <see cref="OnnxRuntimeException"/>.</summary>
    public OnnxSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var api = OrtApi.Instance;
        using (var sessionOptions = CreateSessionOptions(api, options ?? new OnnxSessionOptions()))
            _session = CreateSession(api, modelPath, sessionOptions);
        Inputs = ReadMetadata(api, input: true);
        Outputs = ReadMetadata(api, input: false);
        _inputNames = PinNames(Inputs);
        _outputNames = PinNames(Outputs);
    }

    /// <summary>The model's inputs, in the order <see cref="Run"/> expects them.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in the order <see cref="Run"/> expects them.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>
    /// Runs the model: one tensor per input and one per output, in the order of <see cref="Inputs"/> and
    /// <see cref="Outputs"/>. The runtime writes the results into the output tensors' buffers.
    /// </summary>
    public void Run(ReadOnlySpan<OnnxTensor> inputs, ReadOnlySpan<OnnxTensor> outputs)
    {
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        if (inputs.Length != Inputs.Count || outputs.Length != Outputs.Count)
            throw new ArgumentException(
                $"the model takes {Inputs.Count} inputs and gives {Outputs.Count} outputs; got {inputs.Length} and {outputs.Length}");

        var inputValues = stackalloc nint[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
            inputValues[i] = inputs[i].NativeValue();
        var outputValues = stackalloc nint[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
            outputValues[i] = outputs[i].NativeValue();

        var api = OrtApi.Instance;
        fixed (nint* inputNames = _inputNames)
        fixed (nint* outputNames = _outputNames)
        {
            api.Check(api.Run(_session.DangerousGetHandle(), 0, inputNames, inputValues, (nuint)inputs.Length,
                outputNames, (nuint)outputs.Length, outputValues));
        }
    }

    public void Dispose() => _session.Dispose();

    private static OrtSessionOptionsHandle CreateSessionOptions(OrtApi api, OnnxSessionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1, nameof(options));
        nint raw;
        api.Check(api.CreateSessionOptions(&raw));
        var handle = OrtHandle.Adopt(new OrtSessionOptionsHandle(), raw);
        api.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads));
        api.Check(api.SetInterOpNumThreads(raw, 1));
        fixed (byte* key = "session.intra_op.allow_spinning\0"u8)
        fixed (byte* value = options.AllowSpinning ? "1\0"u8 : "0\0"u8)
            api.Check(api.AddSessionConfigEntry(raw, key, value));
        return handle;
    }

    private static OrtSessionHandle CreateSession(OrtApi api, string modelPath, OrtSessionOptionsHandle options)
    {
        nint raw;
        fixed (byte* path = NullTerminated(modelPath))
            api.Check(api.CreateSession(api.Env.DangerousGetHandle(), path, options.DangerousGetHandle(), &raw));
        return OrtHandle.Adopt(new OrtSessionHandle(), raw);
    }

    private OnnxTensorInfo[] ReadMetadata(OrtApi api, bool input)
    {
        var session = _session.DangerousGetHandle();
        nuint count;
        api.Check(input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count));
        var infos = new OnnxTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(input
                ? api.SessionGetInputName(session, i, api.DefaultAllocator, &name)
                : api.SessionGetOutputName(session, i, api.DefaultAllocator, &name));
            var managedName = api.TakeString(name);

            nint typeInfo;
            api.Check(input
                ? api.SessionGetInputTypeInfo(session, i, &typeInfo)
                : api.SessionGetOutputTypeInfo(session, i, &typeInfo));
            using var typeInfoHandle = OrtHandle.Adopt(new OrtTypeInfoHandle(), typeInfo);
            infos[(int)i] = ReadTensorInfo(api, managedName, typeInfo);
        }
        return infos;
    }

    private static OnnxTensorInfo ReadTensorInfo(OrtApi api, string name, nint typeInfo)
    {
        // The tensor info belongs to the type info; it must not be released on its own.
        nint tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        if (tensorInfo == 0)
            throw new NotSupportedException($"model value '{name}' is not a tensor");
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType));
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank));
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
            api.Check(api.GetDimensions(tensorInfo, dims, rank));
        return new OnnxTensorInfo(name, (OnnxElementType)elementType, shape);
    }

    private nint[] PinNames(IReadOnlyList<OnnxTensorInfo> infos)
    {
        var pointers = new nint[infos.Count];
        for (var i = 0; i < infos.Count; i++)
        {
            var bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(infos[i].Name) + 1, pinned: true);
            Encoding.UTF8.GetBytes(infos[i].Name, bytes);
            _nameBytes.Add(bytes);
            pointers[i] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes));
        }
        return pointers;
    }

    private static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
