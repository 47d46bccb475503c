using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mouthpiece.Onnx;

/// <summary>Name and fixed shape of a model input or output.</summary>
public sealed record OnnxTensorInfo(string Name, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name} [{string.Join(',', Shape)}]";
}

/// <summary>
/// One ONNX model in ONNX Runtime whose float inputs and outputs are bound once to buffers that this object
/// owns: fill <see cref="Input"/>, call <see cref="Run"/>, read <see cref="Output"/>. The runtime reads and
/// writes those buffers in place, so a run allocates nothing. One thread at a time.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly float[][] _inputBuffers;
    private readonly float[][] _outputBuffers;
    private readonly List<OrtValue> _values = [];

    /// <summary>Loads the model; a missing or unreadable model throws ONNX Runtime's <see cref="OnnxRuntimeException"/>.</summary>
    public OnnxModel(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        using (var sessionOptions = (options ?? new OnnxSessionOptions()).Create())
            _session = new InferenceSession(modelPath, sessionOptions);
        try
        {
            Inputs = Describe(modelPath, _session.InputNames, _session.InputMetadata);
            Outputs = Describe(modelPath, _session.OutputNames, _session.OutputMetadata);
            _binding = _session.CreateIoBinding();
            _inputBuffers = [.. Inputs.Select(input => Bind(input, _binding.BindInput))];
            _outputBuffers = [.. Outputs.Select(output => Bind(output, _binding.BindOutput))];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The model's inputs, in the model's order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in the model's order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The buffer the next <see cref="Run"/> reads input <paramref name="index"/> from (row-major).</summary>
    public Span<float> Input(int index) => _inputBuffers[index];

    /// <summary>The buffer the last <see cref="Run"/> wrote output <paramref name="index"/> into (row-major).</summary>
    public ReadOnlySpan<float> Output(int index) => _outputBuffers[index];

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding?.Dispose();
        foreach (var value in _values)
            value.Dispose();
        _runOptions.Dispose();
        _session?.Dispose();
    }

    private float[] Bind(OnnxTensorInfo tensor, Action<string, OrtValue> bind)
    {
        // On the pinned heap, so the runtime can keep the address for the model's lifetime at no cost to the GC.
        var buffer = GC.AllocateArray<float>(checked((int)tensor.Shape.Aggregate(1L, (count, dimension) => count * dimension)), pinned: true);
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(), [.. tensor.Shape]);
        _values.Add(value);
        bind(tensor.Name, value);
        return buffer;
    }

    private static OnnxTensorInfo[] Describe(string modelPath, IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. names.Select(name =>
        {
            var node = metadata[name];
            if (!node.IsTensor || node.ElementDataType != TensorElementType.Float || node.Dimensions.Any(dimension => dimension < 0))
                throw new NotSupportedException(
                    $"{modelPath}: '{name}' is not a float tensor of fixed shape ({node.ElementDataType} [{string.Join(',', node.Dimensions)}])");
            return new OnnxTensorInfo(name, [.. node.Dimensions.Select(dimension => (long)dimension)]);
        })];
}
