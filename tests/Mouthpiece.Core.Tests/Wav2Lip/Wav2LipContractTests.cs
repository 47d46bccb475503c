using Mouthpiece.Media;
using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Core.Tests.Wav2Lip;

public sealed class Wav2LipContractTests
{
    private static ModelTensor Float(string name, params long[] shape) => new(name, "float", shape);

    [Fact]
    public void Names_do_not_matter_only_shapes()
    {
        var roles = Wav2LipContract.Match("m.onnx",
            [Float("face_sequences", -1, 1, 80, 16), Float("audio_sequences", -1, 6, 96, 96)],
            [Float("x", -1, 3, 96, 96)]);

        Assert.Equal(new Wav2LipRoles(FaceInput: 1, AudioInput: 0, Output: 0, FixedBatch: null), roles);
    }

    [Fact]
    public void A_fixed_batch_on_one_input_fixes_it_for_both()
    {
        var roles = Wav2LipContract.Match("m.onnx", [Float("a", 4, 6, 96, 96), Float("b", -1, 1, 80, 16)], [Float("y", -1, 3, 96, 96)]);

        Assert.Equal(4, roles.FixedBatch);
    }

    [Fact]
    public void Every_mismatch_is_named()
    {
        var error = Assert.Throws<MediaInputException>(() => Wav2LipContract.Match("m.onnx",
            [new ModelTensor("a", "int64", [1, 6, 96, 96]), Float("b", 1, 1, 80, 32), Float("c", 1)],
            [Float("y", 1, 3, 96, 96)]));

        Assert.Equal(
            "does not fit Wav2Lip's contract: 'a' int64 [1,6,96,96] holds int64, not float; "
            + "no input is an audio batch [B,1,80,16] (its inputs: 'a' int64 [1,6,96,96], 'b' float [1,1,80,32], 'c' float [1]); "
            + "it has 3 inputs ('a' int64 [1,6,96,96], 'b' float [1,1,80,32], 'c' float [1]) where the contract has two",
            error.Problem.ToString());
    }

    [Fact]
    public void Batches_that_disagree_are_refused()
    {
        var error = Assert.Throws<MediaInputException>(() => Wav2LipContract.Match("m.onnx",
            [Float("a", 2, 6, 96, 96), Float("b", 8, 1, 80, 16)], [Float("y", 2, 3, 96, 96)]));

        Assert.Contains("its face batch holds 2 and its audio batch 8; they must agree", error.Problem.ToString(), StringComparison.Ordinal);
    }
}
