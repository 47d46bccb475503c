using Microsoft.ML.OnnxRuntime;
using Mouthpiece.Onnx;

namespace Mouthpiece.Core.Tests.Onnx;

public class OnnxModelTests
{
    [Fact]
    public void BlazeFace_back_model_reports_its_inputs_and_outputs()
    {
        using var model = new OnnxModel(NativeAssets.BlazeFaceBackModel);

        Assert.Equal(["input:0 [1,256,256,3]"], model.Inputs.Select(i => i.ToString()));
        Assert.Equal(
            ["Identity:0 [1,512,1]", "Identity_1:0 [1,384,1]", "Identity_2:0 [1,512,16]", "Identity_3:0 [1,384,16]"],
            model.Outputs.Select(o => o.ToString()));
    }

    [Fact]
    public void Run_reads_the_input_buffer_and_writes_the_output_buffers_in_place()
    {
        using var model = new OnnxModel(NativeAssets.BlazeFaceBackModel);
        model.Input(0).Fill(0.1f);

        model.Run();

        for (var i = 0; i < model.Outputs.Count; i++)
            Assert.All(model.Output(i).ToArray(), value => Assert.True(float.IsFinite(value)));
        // A flat grey picture holds no face: every score logit stays well below 0 (probability 0.5).
        Assert.True(model.Output(0).ToArray().Max() < 0);
        var grey = model.Output(2).ToArray();

        model.Input(0).Fill(-0.7f);
        model.Run();

        Assert.NotEqual(grey, model.Output(2).ToArray());
    }

    [Fact]
    public void Two_threads_compute_what_one_thread_computes()
    {
        var single = RunOnNoise(new OnnxSessionOptions { IntraOpThreads = 1 });
        var parallel = RunOnNoise(new OnnxSessionOptions { IntraOpThreads = 2, AllowSpinning = true });
        for (var i = 0; i < single.Length; i++)
            Assert.Equal(single[i], parallel[i], 0.001f);
    }

    [Fact]
    public void Zero_threads_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new OnnxModel(NativeAssets.BlazeFaceBackModel, new OnnxSessionOptions { IntraOpThreads = 0 }));
    }

    [Fact]
    public void Missing_model_file_fails_with_the_runtime_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => new OnnxModel(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_model_file_fails_with_the_runtime_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf-encoded ONNX model");
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => new OnnxModel(path));
            Assert.Contains("protobuf", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loaded_runtime_is_the_pinned_package()
    {
        // The GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux), which also serves the CPU: its CUDA provider is there to load.
        Assert.Equal("1.31.0", OrtEnv.Instance().GetVersionString());
        Assert.Contains("CUDAExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
    }

    private static float[] RunOnNoise(OnnxSessionOptions options)
    {
        using var model = new OnnxModel(NativeAssets.BlazeFaceBackModel, options);
        var random = new Random(7);
        foreach (ref var value in model.Input(0))
            value = random.NextSingle() * 2 - 1;
        model.Run();
        return model.Output(2).ToArray();
    }
}
