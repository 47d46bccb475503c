using Mouthpiece.Faces.Landmarks;

namespace Mouthpiece.Core.Tests.Faces.Landmarks;

public sealed class ShapePredictorFileTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("mouthpiece-landmarks-").FullName;

    // No skip when the model is missing: the set-up scripts install libdlib-data, and a missing
    // model must show up as a failure, not as a quietly green run.
    [Fact]
    public void Loads_dlibs_68_point_model()
    {
        Assert.True(File.Exists(NativeAssets.LandmarkModel), $"{NativeAssets.LandmarkModel} is missing: run the set-up script (libdlib-data)");

        var predictor = ShapePredictor.Load(NativeAssets.LandmarkModel);

        Assert.Equal(15, predictor.CascadeCount);
        Assert.Equal(15 * 500, predictor.TreeCount);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_model_and_names_it()
    {
        var path = Path.Combine(_scratch, "not-a-model.dat");
        File.WriteAllText(path, "P5\n2 2\n255\nabcd");

        var error = Assert.Throws<InvalidDataException>(() => ShapePredictor.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_truncated_model_and_names_it()
    {
        var path = Path.Combine(_scratch, "truncated.dat");
        using (var source = File.OpenRead(NativeAssets.LandmarkModel))
        using (var target = File.Create(path))
        {
            var head = new byte[3_000_000];
            source.ReadExactly(head);
            target.Write(head);
        }

        var error = Assert.Throws<InvalidDataException>(() => ShapePredictor.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_unknown_version()
    {
        var path = Path.Combine(_scratch, "version2.dat");
        File.WriteAllBytes(path, [0x01, 0x02]);

        var error = Assert.Throws<InvalidDataException>(() => ShapePredictor.Load(path));

        Assert.Contains("version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_trailing_bytes_after_the_model()
    {
        var path = Path.Combine(_scratch, "padded.dat");
        File.Copy(NativeAssets.LandmarkModel, path);
        File.AppendAllText(path, "x");

        var error = Assert.Throws<InvalidDataException>(() => ShapePredictor.Load(path));

        Assert.Contains("after the model", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
