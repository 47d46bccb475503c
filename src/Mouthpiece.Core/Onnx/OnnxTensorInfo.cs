using System.Diagnostics.CodeAnalysis;

namespace Mouthpiece.Onnx;

/// <summary>Element types of ONNX tensors (<c>ONNXTensorElementDataType</c>).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name tensor element types, as ONNX does.")]
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>
/// Name, element type and shape of a model input or output as the model declares them.
/// A dimension of -1 is symbolic (for example a batch size the caller chooses).
/// </summary>
public sealed record OnnxTensorInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(',', Shape)}]";
}
