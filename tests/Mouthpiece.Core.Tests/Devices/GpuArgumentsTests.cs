using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Devices;

/// <summary>The ffmpeg arguments of the GPU paths, checked without a GPU: same standard as the CPU path, only the codec and the decoder change.</summary>
public sealed class GpuArgumentsTests
{
    private static readonly MediaInfo Clip = new("/media/clip.mp4", "mov,mp4", TimeSpan.FromSeconds(3), 1_000_000, 2,
        new VideoStreamInfo("h264", 1920, 1080, 30, 1_000_000, "yuv420p", 0, 90), new AudioStreamInfo("aac", 44_100, 2, 128_000));

    [Fact]
    public void Nvenc_keeps_the_house_bit_rates_and_yuv420p()
    {
        var request = new RenderRequest("a.wav", "v.mp4", "out.mp4");
        var x264 = request.OutputEncoding(1920, 1080, 30).VideoArguments().ToList();
        var nvenc = request.OutputEncoding(1920, 1080, 30, VideoEncoder.Nvenc).VideoArguments().ToList();

        Assert.Equal(
            ["-c:v", "h264_nvenc", "-preset", "p4", "-tune", "hq", "-rc", "vbr", "-profile:v", "high",
             "-b:v", "10000000", "-maxrate", "12000000", "-bufsize", "20000000", "-pix_fmt", "yuv420p"],
            nvenc);
        Assert.Equal(["-c:v", "libx264", "-preset", "fast"], x264.Take(4));
        Assert.Equal(x264.Skip(4), nvenc.Skip(10)); // bit rate, peak, buffer and pixel format are the same
    }

    [Fact]
    public void A_small_output_gets_the_same_scaled_rate_on_either_encoder()
    {
        var request = new RenderRequest("a.wav", "v.mp4", "out.mp4");

        Assert.Equal(request.OutputEncoding(512, 480, 30).BitRate, request.OutputEncoding(512, 480, 30, VideoEncoder.Nvenc).BitRate);
    }

    [Theory]
    [InlineData("ultrafast", "p1")]
    [InlineData("veryfast", "p2")]
    [InlineData("faster", "p3")]
    [InlineData("fast", "p4")]
    [InlineData("medium", "p5")]
    [InlineData("slow", "p6")]
    [InlineData("veryslow", "p7")]
    public void X264_presets_map_to_nvenc_presets_of_about_the_same_speed(string x264, string nvenc)
    {
        Assert.Equal(nvenc, H264Settings.NvencPreset(x264));
    }

    [Fact]
    public void Cuda_decode_asks_ffmpeg_for_the_cuda_hwaccel_before_the_input()
    {
        var arguments = RawVideoReader.Arguments(Clip, null, (1280, 720), cudaDecode: true).ToList();

        var hwaccel = arguments.IndexOf("-hwaccel");
        Assert.True(hwaccel >= 0);
        Assert.Equal("cuda", arguments[hwaccel + 1]);
        Assert.True(hwaccel < arguments.IndexOf("-i"), "input options go before -i");
        // Frames come back to system memory: the CPU filters and the yuv420p pipe stay as they are.
        Assert.DoesNotContain("-hwaccel_output_format", arguments);
        Assert.Equal(["-vf", "scale=1280:720:flags=bicubic", "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"], arguments.TakeLast(7));
    }

    [Fact]
    public void Cpu_decode_has_no_hwaccel()
    {
        Assert.DoesNotContain("-hwaccel", RawVideoReader.Arguments(Clip, null, null, cudaDecode: false));
    }

    [Fact]
    public void The_reason_is_ffmpegs_first_error_line_without_its_prefix()
    {
        // What Debian's ffmpeg 5.1 says on a machine without the NVIDIA driver.
        const string nvenc = """
            [h264_nvenc @ 0x56228b742180] Cannot load libcuda.so.1
            Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height
            """;
        const string decode = """
            [AVHWDeviceContext @ 0x5623906da080] Cannot load libcuda.so.1
            [AVHWDeviceContext @ 0x5623906da080] Could not dynamically load CUDA
            Device creation failed: -1.
            """;

        Assert.Equal("Cannot load libcuda.so.1", FfmpegGpuChecks.Reason(nvenc));
        Assert.Equal("Cannot load libcuda.so.1", FfmpegGpuChecks.Reason(decode));
        Assert.Equal("Device creation failed: -1.", FfmpegGpuChecks.Reason("Device creation failed: -1.\n"));
        Assert.Equal("ffmpeg failed without a message", FfmpegGpuChecks.Reason(""));
    }

    [Fact]
    public async Task Each_check_runs_for_real_and_a_failure_says_why()
    {
        var checks = await GpuChecks.RunAllAsync(CancellationToken.None);

        Assert.Equal([GpuPath.NvencEncode, GpuPath.CudaDecode, GpuPath.CudaInference], checks.Select(check => check.Path));
        foreach (var check in checks.Where(check => !check.Ok))
            Assert.False(string.IsNullOrWhiteSpace(check.Detail), $"{check.Name} failed without a reason");
    }
}
