using System.Text.Json;

namespace Mouthpiece.Cli.Tests;

/// <summary>
/// The neural engine end to end on the CPU, with a tiny model the tests write (Shared/TinyOnnxModels.cs) in place of a
/// user's Wav2Lip model, and a model of the wrong shape that must be refused before any work.
/// </summary>
public sealed class NeuralEngineTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;

    public NeuralEngineTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private string[] Render(string output, params string[] more) =>
        ["render", "--audio", Speech, "--video", Talking, "--output", output, "--data", _scratch.File("data"), .. more];

    [Fact]
    public async Task Renders_with_a_wav2lip_model_on_the_cpu()
    {
        var model = TinyOnnxModels.WriteWav2Lip(_scratch.File("tiny.onnx"));
        var output = _scratch.File("neural.mp4");
        var report = _scratch.File("neural.json");

        var (exitCode, stdout, errors) = await Cli.RunAsync(Render(output, "--engine", "wav2lip", "--model", model, "--device", "cpu", "--report", report));

        Assert.True(exitCode == 0, errors);
        Assert.Equal(output, stdout.Trim());
        Assert.Contains("90 frames", errors, StringComparison.Ordinal);
        Assert.Contains("wav2lip engine, encode libx264, decode cpu, inference cpu", errors, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("wav2lip", json.RootElement.GetProperty("engine").GetString());
        Assert.True(json.RootElement.GetProperty("faceCoverage").GetDouble() > 0.9);
        Assert.True(json.RootElement.GetProperty("engineCpuSeconds").TryGetProperty("model", out _));
        Assert.Equal(90, (await Tool.DecodeAllAsync(output)).Count);
    }

    [Fact]
    public async Task A_model_of_the_wrong_shape_exits_2_naming_what_does_not_fit_and_writes_nothing()
    {
        var model = TinyOnnxModels.WriteWav2Lip(_scratch.File("big-faces.onnx"), faceSize: 128);
        var output = _scratch.File("refused.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(output, "--engine", "wav2lip", "--model", model));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"error: {model}: does not fit Wav2Lip's contract: no input is a face batch [B,6,96,96] (its inputs: 'input_a' float [?,1,80,16], "
            + "'input_b' float [?,6,128,128]); no output is a face batch [B,3,96,96] (its outputs: 'output' float [?,3,128,128])",
            errors.Trim());
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task The_wav2lip_engine_without_a_model_exits_2()
    {
        var (exitCode, _, errors) = await Cli.RunAsync(Render(_scratch.File("no-model.mp4"), "--engine", "wav2lip"));

        Assert.Equal(2, exitCode);
        Assert.Contains("the wav2lip engine needs a model: --model FILE.onnx", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_gpu_without_a_usable_gpu_fails_naming_each_failed_check()
    {
        var output = _scratch.File("gpu.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(output, "--device", "gpu"));

        // This machine (and CI) has no NVIDIA driver: every check fails, and the render must say which and why.
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --device gpu: NVENC encode failed: ", errors.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Contains("CUDA decode failed: ", errors, StringComparison.Ordinal);
        Assert.Contains("CUDA inference failed: ", errors, StringComparison.Ordinal);
        Assert.Contains("or use --device auto to fall back to the CPU", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Device_auto_without_a_usable_gpu_renders_on_the_cpu_and_says_why()
    {
        var output = _scratch.File("auto.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(output, "--device", "auto"));

        Assert.True(exitCode == 0, errors);
        Assert.Contains("encode libx264, decode cpu, inference cpu", errors, StringComparison.Ordinal);
        Assert.Contains("on the CPU instead of the GPU: NVENC encode failed (", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_device_exits_2_naming_the_choices()
    {
        var (exitCode, _, errors) = await Cli.RunAsync(Render(_scratch.File("tpu.mp4"), "--device", "tpu"));

        Assert.Equal(2, exitCode);
        Assert.Contains("'tpu' is not a device; choose auto, cpu or gpu", errors, StringComparison.Ordinal);
    }
}
