using Mouthpiece.Devices;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Devices;

public sealed class DevicePlanTests
{
    private static readonly GpuCheck NvencOk = new(GpuPath.NvencEncode, true, "8 frames encoded");
    private static readonly GpuCheck DecodeOk = new(GpuPath.CudaDecode, true, "decoded");
    private static readonly GpuCheck InferenceOk = new(GpuPath.CudaInference, true, "ran");
    private static readonly GpuCheck NvencFailed = new(GpuPath.NvencEncode, false, "Cannot load libcuda.so.1");
    private static readonly GpuCheck InferenceFailed = new(GpuPath.CudaInference, false, "not found: libcudnn.so.9");

    [Fact]
    public void Cpu_uses_nothing_on_the_gpu_even_when_every_check_passed()
    {
        Assert.Equal(DevicePlan.Cpu, DevicePlan.Choose(ComputeDevice.Cpu, [NvencOk, DecodeOk, InferenceOk]));
    }

    [Fact]
    public void Auto_with_every_check_passed_moves_all_three_parts()
    {
        var plan = DevicePlan.Choose(ComputeDevice.Auto, [NvencOk, DecodeOk, InferenceOk]);

        Assert.Equal(new DevicePlan(true, true, true), plan);
        Assert.Equal("encode h264_nvenc, decode cuda, inference cuda", plan.Summary);
        Assert.Null(plan.Fallback);
    }

    [Fact]
    public void Auto_keeps_each_failed_part_on_the_cpu_and_says_why()
    {
        var plan = DevicePlan.Choose(ComputeDevice.Auto, [NvencFailed, DecodeOk, InferenceFailed]);

        Assert.Equal("encode libx264, decode cuda, inference cpu", plan.Summary);
        Assert.Equal(
            "on the CPU instead of the GPU: NVENC encode failed (Cannot load libcuda.so.1); CUDA inference failed (not found: libcudnn.so.9)",
            plan.Fallback);
    }

    [Fact]
    public void Gpu_refuses_when_any_check_failed_naming_each_and_the_fix()
    {
        var error = Assert.Throws<GpuUnavailableException>(() => DevicePlan.Choose(ComputeDevice.Gpu, [NvencFailed, DecodeOk, InferenceOk]));

        Assert.StartsWith("--device gpu: NVENC encode failed: Cannot load libcuda.so.1 (install the NVIDIA driver", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("or use --device auto to fall back to the CPU)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpu_with_every_check_passed_moves_all_three_parts()
    {
        Assert.Equal(new DevicePlan(true, true, true), DevicePlan.Choose(ComputeDevice.Gpu, [NvencOk, DecodeOk, InferenceOk]));
    }

    [Theory]
    [InlineData("auto", ComputeDevice.Auto)]
    [InlineData("CPU", ComputeDevice.Cpu)]
    [InlineData(" gpu ", ComputeDevice.Gpu)]
    public void Device_names_parse_in_any_case(string text, ComputeDevice expected)
    {
        Assert.Equal(expected, ComputeDevices.Parse(text));
    }

    [Fact]
    public void An_unknown_device_names_the_choices()
    {
        var error = Assert.Throws<ProblemException>(() => ComputeDevices.Parse("npu"));

        Assert.Equal(Codes.Engines.UnknownDevice("npu"), error.Problem);
        Assert.Equal("'npu' is not a device; choose auto, cpu or gpu", error.Message);
    }

    [Fact]
    public void The_inference_fix_names_the_cuda_libraries()
    {
        Assert.Contains("CUDA 13 runtime, cuBLAS, cuRAND and cuDNN 9", InferenceFailed.Fix, StringComparison.Ordinal);
        Assert.Contains("libnvidia-encode1", NvencFailed.Fix, StringComparison.Ordinal);
    }
}
