namespace Mouthpiece.Devices;

/// <summary>
/// What one render runs where, decided from the user's <see cref="ComputeDevice"/> and this machine's
/// <see cref="GpuCheck"/>s. <see cref="Fallback"/> says, for a person, why a part stayed on the CPU under auto.
/// </summary>
public sealed record DevicePlan(bool NvencEncode, bool CudaDecode, bool CudaInference, string? Fallback = null)
{
    public static readonly DevicePlan Cpu = new(false, false, false);

    public bool UsesGpu => NvencEncode || CudaDecode || CudaInference;

    /// <summary>One line for the report and the log: "encode h264_nvenc, decode cuda, inference cuda".</summary>
    public string Summary =>
        $"encode {(NvencEncode ? "h264_nvenc" : "libx264")}, decode {(CudaDecode ? "cuda" : "cpu")}, inference {(CudaInference ? "cuda" : "cpu")}";

    /// <summary>
    /// auto: every path whose check passed, the CPU for the others (saying why); gpu: all paths, or
    /// <see cref="GpuUnavailableException"/> naming each failed check; cpu: no check needed, nothing on the GPU.
    /// </summary>
    public static DevicePlan Choose(ComputeDevice device, IReadOnlyList<GpuCheck> checks)
    {
        if (device == ComputeDevice.Cpu)
            return Cpu;
        var failed = checks.Where(check => !check.Ok).ToList();
        if (device == ComputeDevice.Gpu && failed.Count > 0)
            throw new GpuUnavailableException(
                "--device gpu: " + string.Join("; ", failed.Select(check => $"{check.Name} failed: {check.Detail}"))
                + $" ({failed[0].Fix}; or use --device auto to fall back to the CPU)");
        bool Passed(GpuPath path) => checks.Any(check => check.Path == path && check.Ok);
        var fallback = failed.Count == 0
            ? null
            : "on the CPU instead of the GPU: " + string.Join("; ", failed.Select(check => $"{check.Name} failed ({check.Detail})"));
        return new DevicePlan(Passed(GpuPath.NvencEncode), Passed(GpuPath.CudaDecode), Passed(GpuPath.CudaInference), fallback);
    }
}

/// <summary>The user asked for the GPU and this machine cannot give it; the message names each failed check and the fix.</summary>
public sealed class GpuUnavailableException : InvalidOperationException
{
    public GpuUnavailableException()
    {
    }

    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    public GpuUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
