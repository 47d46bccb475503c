namespace Mouthpiece.Onnx;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>).</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    ExecutionProviderFail = 11,
}

/// <summary>An error reported by ONNX Runtime through an <c>OrtStatus</c>; the message is the runtime's own.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException()
    {
    }

    public OnnxRuntimeException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : base($"ONNX Runtime {errorCode}: {message}")
    {
        ErrorCode = errorCode;
    }

    public OrtErrorCode ErrorCode { get; } = OrtErrorCode.Fail;
}
