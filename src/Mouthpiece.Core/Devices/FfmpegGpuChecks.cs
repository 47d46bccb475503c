using Mouthpiece.Media;

namespace Mouthpiece.Devices;

/// <summary>
/// Tries Debian's ffmpeg on the GPU for real: a few frames encoded with NVENC, a short H.264 clip decoded with
/// CUDA (NVDEC). Its NVENC and NVDEC load the driver's libraries (libcuda, libnvidia-encode, libnvcuvid) only
/// when asked, so the encoder being listed proves nothing; only a run does.
/// </summary>
public static class FfmpegGpuChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<GpuCheck> NvencEncodeAsync(CancellationToken cancellationToken)
    {
        var settings = H264Settings.Default with { Encoder = VideoEncoder.Nvenc, BitRate = 1_500_000 };
        return await RunAsync(GpuPath.NvencEncode,
            ["-f", "lavfi", "-i", "testsrc2=size=256x144:rate=30", "-frames:v", "8", .. settings.VideoArguments(), "-f", "null", "-"],
            "8 frames encoded with h264_nvenc", cancellationToken);
    }

    public static async Task<GpuCheck> CudaDecodeAsync(CancellationToken cancellationToken)
    {
        var clip = Path.Combine(Path.GetTempPath(), $"mouthpiece-gpu-check-{Guid.NewGuid():N}.mp4");
        try
        {
            var (exitCode, _, errors) = await Ffmpeg.CaptureAsync(Ffmpeg.FfmpegTool,
                [.. Ffmpeg.CommonArguments, "-f", "lavfi", "-i", "testsrc2=size=256x144:rate=30", "-frames:v", "8",
                 "-c:v", "libx264", "-pix_fmt", "yuv420p", clip], Timeout, cancellationToken);
            if (exitCode != 0)
                return new GpuCheck(GpuPath.CudaDecode, false, "could not make the test clip: " + Reason(errors));
            // Frames kept on the GPU: a decoder that quietly fell back to the CPU could not hand them over.
            return await RunAsync(GpuPath.CudaDecode,
                [.. HardwareDecoding.Arguments(), "-hwaccel_output_format", "cuda", "-i", "file:" + clip, "-f", "null", "-"],
                "an H.264 clip decoded with NVDEC", cancellationToken);
        }
        finally
        {
            File.Delete(clip);
        }
    }

    private static async Task<GpuCheck> RunAsync(GpuPath path, string[] arguments, string success, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, _, errors) = await Ffmpeg.CaptureAsync(Ffmpeg.FfmpegTool, [.. Ffmpeg.CommonArguments, .. arguments], Timeout, cancellationToken);
            return exitCode == 0 ? new GpuCheck(path, true, success) : new GpuCheck(path, false, Reason(errors));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return new GpuCheck(path, false, e.Message);
        }
    }

    /// <summary>
    /// ffmpeg's first error line is the cause ("Cannot load libcuda.so.1"); the later ones are consequences
    /// ("Error while opening encoder…"). The "[h264_nvenc @ 0x55…]" prefix means nothing to a person.
    /// </summary>
    internal static string Reason(string errors)
    {
        var first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
            return "ffmpeg failed without a message";
        var prefixEnd = first.StartsWith('[') ? first.IndexOf("] ", StringComparison.Ordinal) : -1;
        return (prefixEnd > 0 ? first[(prefixEnd + 2)..] : first).Trim();
    }
}
