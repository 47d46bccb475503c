namespace Mouthpiece.Devices;

/// <summary>
/// ffmpeg input options for decoding on the GPU (NVDEC through the CUDA hwaccel). Frames come back to system
/// memory, so scaling, the frame-rate filter and the yuv420p pipe work as on the CPU; a stream NVDEC cannot
/// decode (an unusual codec or profile) is decoded on the CPU by ffmpeg itself.
/// </summary>
public static class HardwareDecoding
{
    public static IReadOnlyList<string> Arguments() => ["-hwaccel", "cuda"];
}
