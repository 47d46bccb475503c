using Mouthpiece.Media;
using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Core.Tests.Wav2Lip;

public sealed class Wav2LipModelTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public Wav2LipModelTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Roles_come_from_shapes_in_either_input_order(bool faceFirst)
    {
        var path = TinyOnnxModels.WriteWav2Lip(_scratch.File($"order-{faceFirst}.onnx"), faceFirst: faceFirst);
        using var model = Wav2LipModel.Load(path, cuda: false);

        FillAndRun(model, count: 3);

        AssertTinyModelOutput(model, count: 3);
    }

    [Fact]
    public void A_model_with_a_fixed_batch_of_one_runs_one_frame_at_a_time()
    {
        var path = TinyOnnxModels.WriteWav2Lip(_scratch.File("batch-1.onnx"), batch: 1);
        using var model = Wav2LipModel.Load(path, cuda: false);

        Assert.Equal(1, model.BatchSize);
        FillAndRun(model, count: 1);
        AssertTinyModelOutput(model, count: 1);
    }

    [Fact]
    public void A_dynamic_batch_runs_16_frames_at_a_time_on_the_cpu()
    {
        var path = TinyOnnxModels.WriteWav2Lip(_scratch.File("dynamic.onnx"));
        using var model = Wav2LipModel.Load(path, cuda: false);

        Assert.Equal(16, model.BatchSize);
    }

    [Fact]
    public void A_model_for_128_pixel_faces_is_refused_naming_its_inputs_and_output()
    {
        var path = TinyOnnxModels.WriteWav2Lip(_scratch.File("wrong.onnx"), faceSize: 128);

        var error = Assert.Throws<MediaInputException>(() => Wav2LipModel.Check(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(
            "does not fit Wav2Lip's contract: no input is a face batch [B,6,96,96] (its inputs: 'input_a' float [?,1,80,16], 'input_b' float [?,6,128,128]); "
            + "no output is a face batch [B,3,96,96] (its outputs: 'output' float [?,3,128,128])",
            error.Problem.ToString());
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        var path = _scratch.WriteText("notes.onnx", "not a model");

        var error = Assert.Throws<MediaInputException>(() => Wav2LipModel.Check(path));

        Assert.StartsWith("is not a model ONNX Runtime can load", error.Problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_is_refused()
    {
        var error = Assert.Throws<MediaInputException>(() => Wav2LipModel.Check(_scratch.File("absent.onnx")));

        Assert.Contains("does not exist", error.Problem.ToString(), StringComparison.Ordinal);
    }

    // Frame i: reference crop (channels 3..5) filled with 0.1·(i+1), mel window with the value i − 1 (mean i − 1).
    private static void FillAndRun(Wav2LipModel model, int count)
    {
        const int faceValues = 6 * 96 * 96;
        const int audioValues = 80 * 16;
        for (var i = 0; i < count; i++)
        {
            var face = model.Faces.Slice(i * faceValues, faceValues);
            face[..(faceValues / 2)].Fill(0.9f);
            face[(faceValues / 2)..].Fill(0.1f * (i + 1));
            model.Audio.Slice(i * audioValues, audioValues).Fill(i - 1);
        }
        model.Run(count);
    }

    // The tiny model gives clip(reference + 0.02·mean(mel)): each frame must get its own crop and its own window.
    private static void AssertTinyModelOutput(Wav2LipModel model, int count)
    {
        const int outputValues = 3 * 96 * 96;
        for (var i = 0; i < count; i++)
        {
            var expected = 0.1f * (i + 1) + TinyOnnxModels.MelGain * (i - 1);
            var frame = model.Output.Slice(i * outputValues, outputValues);
            Assert.Equal(expected, frame[0], 5);
            Assert.Equal(expected, frame[^1], 5);
        }
    }
}
