namespace Mouthpiece.Devices;

/// <summary>The GPU paths tried for real, once per process (each check starts ffmpeg or loads a model), and the plan they allow.</summary>
public static class GpuChecks
{
    private static readonly Lazy<Task<IReadOnlyList<GpuCheck>>> OnThisMachine = new(() => RunAllAsync(CancellationToken.None));

    /// <summary>NVENC encode, CUDA decode and CUDA inference, each tried now.</summary>
    public static async Task<IReadOnlyList<GpuCheck>> RunAllAsync(CancellationToken cancellationToken) =>
    [
        await FfmpegGpuChecks.NvencEncodeAsync(cancellationToken),
        await FfmpegGpuChecks.CudaDecodeAsync(cancellationToken),
        await Task.Run(OnnxCudaCheck.Run, cancellationToken),
    ];

    /// <summary>This machine's checks, run once per process (on the first call) and kept.</summary>
    public static Task<IReadOnlyList<GpuCheck>> OnThisMachineAsync(CancellationToken cancellationToken) => OnThisMachine.Value.WaitAsync(cancellationToken);

    /// <summary>What a render with <paramref name="device"/> runs where; the checks run on the first call that needs them.</summary>
    public static async Task<DevicePlan> PlanAsync(ComputeDevice device, CancellationToken cancellationToken) =>
        device == ComputeDevice.Cpu ? DevicePlan.Cpu : DevicePlan.Choose(device, await OnThisMachineAsync(cancellationToken));
}
