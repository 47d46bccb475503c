using Google.Protobuf;

namespace Mouthpiece.Tests;

/// <summary>
/// Small ONNX models written at test time, field by field from onnx.proto (ModelProto and the messages in it),
/// with Google.Protobuf's encoder. They stand in for the Wav2Lip-compatible models users bring: same inputs and
/// output shapes, a graph simple enough that a test knows what it computes.
/// </summary>
internal static class TinyOnnxModels
{
    /// <summary>Brightness added per unit of the mean mel value: loud frames (mel ≈ 1) come out a little brighter.</summary>
    public const float MelGain = 0.02f;

    /// <summary>
    /// A model with Wav2Lip's contract: output = clip(face[:, 3:6] + 0.02·mean(mel), 0, 1), i.e. the unmasked
    /// reference crop, shifted by the audio window's mean level. Its inputs are named so that the names tell nothing
    /// (roles must come from shapes), and the audio comes first unless <paramref name="faceFirst"/>.
    /// </summary>
    /// <param name="batch">The batch dimension: null for a symbolic one, else a fixed size.</param>
    /// <param name="faceSize">96 fits the contract; anything else makes a model that must be refused.</param>
    public static byte[] Wav2Lip(long? batch = null, int faceSize = 96, bool faceFirst = false, int melColumns = 16)
    {
        var mel = Input("input_a", batch, 1, 80, melColumns);
        var face = Input("input_b", batch, 6, faceSize, faceSize);
        var nodes = new[]
        {
            Node("Slice", ["input_b", "starts", "ends", "axes"], "reference"),
            Node("ReduceMean", ["input_a"], "level", Ints("axes", 1, 2, 3), Int("keepdims", 1)),
            Node("Mul", ["level", "gain"], "shift"),
            Node("Add", ["reference", "shift"], "shifted"),
            Node("Clip", ["shifted", "low", "high"], "output"),
        };
        var initializers = new[]
        {
            Int64Tensor("starts", 3), Int64Tensor("ends", 6), Int64Tensor("axes", 1),
            FloatScalar("gain", MelGain), FloatScalar("low", 0), FloatScalar("high", 1),
        };
        var output = Input("output", batch, 3, faceSize, faceSize);
        return Model(Graph(nodes, initializers, faceFirst ? [face, mel] : [mel, face], [output]));
    }

    public static string WriteWav2Lip(string path, long? batch = null, int faceSize = 96, bool faceFirst = false, int melColumns = 16)
    {
        File.WriteAllBytes(path, Wav2Lip(batch, faceSize, faceFirst, melColumns));
        return path;
    }

    private static byte[] Model(byte[] graph) => Message(output =>
    {
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt64(7); // ir_version 7: opset 13's
        Bytes(output, 2, "mouthpiece-tests"u8.ToArray()); // producer_name
        Bytes(output, 7, graph);
        Bytes(output, 8, Message(opset =>
        {
            Bytes(opset, 1, []); // the default ("ai.onnx") domain
            opset.WriteTag(2, WireFormat.WireType.Varint);
            opset.WriteInt64(13);
        }));
    });

    private static byte[] Graph(byte[][] nodes, byte[][] initializers, byte[][] inputs, byte[][] outputs) => Message(output =>
    {
        foreach (var node in nodes)
            Bytes(output, 1, node);
        Text(output, 2, "tiny");
        foreach (var initializer in initializers)
            Bytes(output, 5, initializer);
        foreach (var input in inputs)
            Bytes(output, 11, input);
        foreach (var value in outputs)
            Bytes(output, 12, value);
    });

    private static byte[] Node(string op, string[] inputs, string output, params byte[][] attributes) => Message(node =>
    {
        foreach (var input in inputs)
            Text(node, 1, input);
        Text(node, 2, output);
        Text(node, 3, output + "_node");
        Text(node, 4, op);
        foreach (var attribute in attributes)
            Bytes(node, 5, attribute);
    });

    private static byte[] Ints(string name, params long[] values) => Message(attribute =>
    {
        Text(attribute, 1, name);
        foreach (var value in values)
        {
            attribute.WriteTag(8, WireFormat.WireType.Varint);
            attribute.WriteInt64(value);
        }
        attribute.WriteTag(20, WireFormat.WireType.Varint);
        attribute.WriteInt32(7); // INTS
    });

    private static byte[] Int(string name, long value) => Message(attribute =>
    {
        Text(attribute, 1, name);
        attribute.WriteTag(3, WireFormat.WireType.Varint);
        attribute.WriteInt64(value);
        attribute.WriteTag(20, WireFormat.WireType.Varint);
        attribute.WriteInt32(2); // INT
    });

    private static byte[] Int64Tensor(string name, long value) => Message(tensor =>
    {
        tensor.WriteTag(1, WireFormat.WireType.Varint);
        tensor.WriteInt64(1); // dims: [1]
        tensor.WriteTag(2, WireFormat.WireType.Varint);
        tensor.WriteInt32(7); // INT64
        tensor.WriteTag(7, WireFormat.WireType.Varint);
        tensor.WriteInt64(value);
        Text(tensor, 8, name);
    });

    private static byte[] FloatScalar(string name, float value) => Message(tensor =>
    {
        tensor.WriteTag(2, WireFormat.WireType.Varint);
        tensor.WriteInt32(1); // FLOAT, no dims: a scalar
        tensor.WriteTag(4, WireFormat.WireType.Fixed32);
        tensor.WriteFloat(value);
        Text(tensor, 8, name);
    });

    // ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type FLOAT, shape } } }
    private static byte[] Input(string name, long? batch, params long[] dimensions) => Message(info =>
    {
        Text(info, 1, name);
        Bytes(info, 2, Message(type => Bytes(type, 1, Message(tensor =>
        {
            tensor.WriteTag(1, WireFormat.WireType.Varint);
            tensor.WriteInt32(1);
            Bytes(tensor, 2, Message(shape =>
            {
                Bytes(shape, 1, Message(dimension =>
                {
                    if (batch is { } size)
                    {
                        dimension.WriteTag(1, WireFormat.WireType.Varint);
                        dimension.WriteInt64(size);
                    }
                    else
                    {
                        Text(dimension, 2, "batch");
                    }
                }));
                foreach (var size in dimensions)
                {
                    Bytes(shape, 1, Message(dimension =>
                    {
                        dimension.WriteTag(1, WireFormat.WireType.Varint);
                        dimension.WriteInt64(size);
                    }));
                }
            }));
        }))));
    });

    private static void Text(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Bytes(CodedOutputStream output, int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
            write(output);
        return buffer.ToArray();
    }
}
