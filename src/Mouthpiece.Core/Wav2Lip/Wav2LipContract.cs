using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Wav2Lip;

/// <summary>A model input or output as the model declares it; -1 is a dimension the model leaves open.</summary>
public sealed record ModelTensor(string Name, string ElementType, IReadOnlyList<long> Shape)
{
    public bool IsFloat => ElementType == "float";

    public override string ToString() => $"'{Name}' {ElementType} [{string.Join(',', Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}

/// <summary>Which of a model's inputs is the face batch and which the audio batch, and the batch size it insists on (null: any).</summary>
public sealed record Wav2LipRoles(int FaceInput, int AudioInput, int Output, int? FixedBatch);

/// <summary>
/// Wav2Lip's model contract (DESIGN.md §4): a face batch [B,6,96,96] (masked crop and reference crop, BGR, 0..1),
/// an audio batch [B,1,80,16] (mel windows), and a face batch [B,3,96,96] out. Roles come from the shapes, never
/// the names, which differ from export to export. A model that does not fit is refused with every mismatch named.
/// </summary>
public static class Wav2LipContract
{
    public const int FaceSize = 96;
    public const int InputChannels = 6;
    public const int OutputChannels = 3;

    public static readonly long[] FaceShape = [InputChannels, FaceSize, FaceSize];
    public static readonly long[] AudioShape = [1, MelSpectrogram.Bands, MelSpectrogram.ChunkColumns];
    public static readonly long[] OutputShape = [OutputChannels, FaceSize, FaceSize];

    /// <summary>The roles of the model's values; <see cref="MediaInputException"/> on <paramref name="modelPath"/> naming what does not fit.</summary>
    public static Wav2LipRoles Match(string modelPath, IReadOnlyList<ModelTensor> inputs, IReadOnlyList<ModelTensor> outputs)
    {
        var problems = new List<Message>();
        var face = Find(inputs, FaceShape, Codes.Engines.NoFaceInput, problems);
        var audio = Find(inputs, AudioShape, Codes.Engines.NoAudioInput, problems);
        var output = Find(outputs, OutputShape, Codes.Engines.NoFaceOutput, problems);
        if (inputs.Count != 2)
            problems.Add(Codes.Engines.InputCount(inputs.Count, List(inputs)));
        int? batch = null;
        if (face >= 0 && audio >= 0)
        {
            var (faceBatch, audioBatch) = (inputs[face].Shape[0], inputs[audio].Shape[0]);
            if (faceBatch >= 0 && audioBatch >= 0 && faceBatch != audioBatch)
                problems.Add(Codes.Engines.BatchesDiffer(faceBatch, audioBatch));
            else if (Math.Max(faceBatch, audioBatch) is > 0 and var fixedSize)
                batch = (int)fixedSize;
        }
        if (problems.Count > 0)
            throw new MediaInputException(modelPath, Codes.Engines.ModelContract(problems.SkipLast(1).Reverse().Aggregate(problems[^1], (rest, first) => Codes.Engines.AndThen(first, rest))));
        return new Wav2LipRoles(face, audio, output, batch);
    }

    // The index of the one float tensor shaped [B, ...shape]; -1 (and a problem) when there is none.
    private static int Find(IReadOnlyList<ModelTensor> values, long[] shape, Func<string, Message> missing, List<Message> problems)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.Shape.Count == shape.Length + 1 && value.Shape.Skip(1).SequenceEqual(shape))
            {
                if (value.IsFloat)
                    return i;
                problems.Add(Codes.Engines.NotFloat(value.ToString(), value.ElementType));
                return -1;
            }
        }
        problems.Add(missing(List(values)));
        return -1;
    }

    private static string List(IReadOnlyList<ModelTensor> values) => values.Count == 0 ? "none" : string.Join(", ", values);
}
