using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Onnx;

namespace Mouthpiece.Wav2Lip;

/// <summary>
/// A user's Wav2Lip-compatible ONNX model, loaded and checked against <see cref="Wav2LipContract"/>: fill
/// <see cref="Faces"/> and <see cref="Audio"/> for up to <see cref="BatchSize"/> frames, <see cref="Run"/>, read
/// <see cref="Output"/>. One thread at a time.
/// </summary>
public sealed class Wav2LipModel : IDisposable
{
    private const int CpuBatch = 16;
    private const int GpuBatch = 32;
    public static readonly int FaceValues = (int)Wav2LipContract.FaceShape.Aggregate(1L, (a, b) => a * b);
    public static readonly int AudioValues = (int)Wav2LipContract.AudioShape.Aggregate(1L, (a, b) => a * b);
    public static readonly int OutputValues = (int)Wav2LipContract.OutputShape.Aggregate(1L, (a, b) => a * b);

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly Wav2LipRoles _roles;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly float[] _faces;
    private readonly float[] _audio;
    private readonly float[] _output;

    private Wav2LipModel(InferenceSession session, Wav2LipRoles roles, bool cuda)
    {
        _session = session;
        _roles = roles;
        BatchSize = roles.FixedBatch ?? (cuda ? GpuBatch : CpuBatch);
        _inputNames = [.. session.InputNames];
        _outputNames = [session.OutputNames[roles.Output]];
        _faces = new float[BatchSize * FaceValues];
        _audio = new float[BatchSize * AudioValues];
        _output = new float[BatchSize * OutputValues];
    }

    /// <summary>Frames per run: the model's own batch size when it fixes one, else a size that suits the device.</summary>
    public int BatchSize { get; }

    /// <summary>[BatchSize, 6, 96, 96]: per frame the masked crop then the reference crop, BGR planes, 0..1.</summary>
    public Span<float> Faces => _faces;

    /// <summary>[BatchSize, 1, 80, 16]: per frame its mel window.</summary>
    public Span<float> Audio => _audio;

    /// <summary>[BatchSize, 3, 96, 96]: per frame the generated crop, BGR planes, 0..1.</summary>
    public ReadOnlySpan<float> Output => _output;

    /// <summary>
    /// Loads <paramref name="modelPath"/>; a missing file, a file ONNX Runtime cannot read, or a model that does not
    /// fit the contract throws <see cref="MediaInputException"/> on the model's path.
    /// </summary>
    public static Wav2LipModel Load(string modelPath, bool cuda)
    {
        // The model is the render's main work: it gets every core.
        InferenceSession session;
        using (var options = new OnnxSessionOptions { Cuda = cuda, IntraOpThreads = Environment.ProcessorCount }.Create())
            session = Open(modelPath, options);
        try
        {
            var roles = Wav2LipContract.Match(modelPath, Describe(session.InputNames, session.InputMetadata), Describe(session.OutputNames, session.OutputMetadata));
            return new Wav2LipModel(session, roles, cuda);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Checks a model against the contract without keeping it: what a submission does before it is accepted.</summary>
    public static void Check(string modelPath)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        using var session = Open(modelPath, options);
        Wav2LipContract.Match(modelPath, Describe(session.InputNames, session.InputMetadata), Describe(session.OutputNames, session.OutputMetadata));
    }

    /// <summary>Runs the first <paramref name="count"/> frames of the buffers (a model with a fixed batch runs it whole).</summary>
    public void Run(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BatchSize);
        var batch = _roles.FixedBatch ?? count;
        using var faces = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _faces.AsMemory(0, batch * FaceValues), [batch, .. Wav2LipContract.FaceShape]);
        using var audio = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _audio.AsMemory(0, batch * AudioValues), [batch, .. Wav2LipContract.AudioShape]);
        var inputs = new OrtValue[2];
        inputs[_roles.FaceInput] = faces;
        inputs[_roles.AudioInput] = audio;
        using var results = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        results[0].GetTensorDataAsSpan<float>()[..(count * OutputValues)].CopyTo(_output);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static InferenceSession Open(string modelPath, SessionOptions options)
    {
        if (!File.Exists(modelPath))
            throw new MediaInputException(modelPath, Codes.Engines.ModelMissing());
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MediaInputException(modelPath, Codes.Engines.ModelUnloadable(e.Message));
        }
    }

    private static ModelTensor[] Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. names.Select(name =>
        {
            var node = metadata[name];
            var type = !node.IsTensor ? node.OnnxValueType.ToString() : node.ElementDataType == TensorElementType.Float ? "float" : node.ElementDataType.ToString().ToLowerInvariant();
            return new ModelTensor(name, type, node.IsTensor ? [.. node.Dimensions.Select(d => (long)d)] : []);
        })];
}
