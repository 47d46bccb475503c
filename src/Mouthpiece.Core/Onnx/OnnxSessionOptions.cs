using Microsoft.ML.OnnxRuntime;

namespace Mouthpiece.Onnx;

/// <summary>How an <see cref="OnnxModel"/> uses the machine.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads one operator may use. Default 1: the render pipeline already runs stages in parallel.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Whether idle runtime threads busy-wait for the next work item. Off by default: on a small machine
    /// shared with decoding and rendering, spinning steals cores for little gain.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>
    /// Run on the GPU through ONNX Runtime's CUDA execution provider (operators it lacks stay on the CPU). Only set it
    /// when <see cref="Devices.OnnxCudaCheck"/> passed: without the NVIDIA libraries, creating the options throws.
    /// </summary>
    public bool Cuda { get; init; }

    // The one place where ONNX Runtime's session options are made, so an execution provider is added here only.
    internal SessionOptions Create()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(IntraOpThreads, 1, nameof(IntraOpThreads));
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", AllowSpinning ? "1" : "0");
        try
        {
            if (Cuda)
                options.AppendExecutionProvider_CUDA(0);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
