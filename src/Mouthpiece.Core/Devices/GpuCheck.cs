namespace Mouthpiece.Devices;

/// <summary>One GPU path tried for real on this machine: whether it worked, and if not, what the tool said.</summary>
public sealed record GpuCheck(GpuPath Path, bool Ok, string Detail)
{
    public string Name => Path switch
    {
        GpuPath.NvencEncode => "NVENC encode",
        GpuPath.CudaDecode => "CUDA decode",
        _ => "CUDA inference",
    };

    /// <summary>What to install when the check failed, by what its message points at.</summary>
    public string Fix => Path switch
    {
        GpuPath.CudaInference =>
            "install the NVIDIA driver, and the CUDA 13 runtime, cuBLAS, cuRAND and cuDNN 9 libraries that ONNX Runtime's CUDA provider loads; see README, GPU set-up",
        _ when Detail.Contains("libcuda", StringComparison.Ordinal) =>
            "install the NVIDIA driver (Debian: nvidia-driver, libcuda1, libnvidia-encode1 and libnvcuvid1 from non-free); see README, GPU set-up",
        GpuPath.NvencEncode => "install the driver's encode library (Debian: libnvidia-encode1); see README, GPU set-up",
        _ => "install the driver's decode library (Debian: libnvcuvid1); see README, GPU set-up",
    };
}

/// <summary>The parts of a render that can move to the GPU, each checked on its own.</summary>
public enum GpuPath
{
    NvencEncode,
    CudaDecode,
    CudaInference,
}
