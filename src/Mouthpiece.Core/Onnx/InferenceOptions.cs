using Microsoft.ML.OnnxRuntime;

namespace Mouthpiece.Onnx;

/// <summary>ONNX Runtime session options for the managed binding, with the CUDA execution provider when asked.</summary>
internal static class InferenceOptions
{
    public static SessionOptions Create(bool cuda, int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            if (cuda)
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
