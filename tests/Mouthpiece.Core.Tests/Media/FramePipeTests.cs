using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public sealed class FramePipeTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public FramePipeTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    [Fact]
    public async Task Reads_every_frame_in_order()
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);

        var frames = await Tool.DecodeAllAsync(info.Path);

        Assert.Equal(info.Video!.FrameCount, frames.Count);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.All(frames, f => Assert.Equal((512, 480), (f.Width, f.Height)));
    }

    [Fact]
    public async Task Round_trip_keeps_frame_count_and_pixels_within_tolerance()
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);
        var original = await Tool.DecodeAllAsync(info.Path);
        var output = _scratch.File("roundtrip.mp4");

        await using (var writer = RawVideoWriter.Start(output, 512, 480, 30, info, new H264Settings { BitRate = 8_000_000 }))
        {
            foreach (var frame in original)
                await writer.WriteAsync(frame);
            await writer.CompleteAsync();
        }

        var result = await MediaProbe.ProbeAsync(output);
        Assert.Equal("aac", result.Audio!.Codec);
        Assert.Equal(3.0, result.Duration.TotalSeconds, 0.1);
        var decoded = await Tool.DecodeAllAsync(result.Path);
        Assert.Equal(original.Count, decoded.Count);
        var worst = original.Zip(decoded, (a, b) => Psnr(a.Buffer, b.Buffer)).Min();
        Assert.True(worst > 38, $"worst frame PSNR {worst:0.0} dB");
        MediaAssert.IsFastStart(output);
    }

    [Fact]
    public async Task Resampling_to_a_lower_rate_drops_frames_evenly()
    {
        var frames = await Tool.DecodeAllAsync(Talking, framesPerSecond: 15);

        Assert.InRange(frames.Count, 44, 46);
    }

    [Fact]
    public async Task Odd_sizes_use_ffmpeg_chroma_layout()
    {
        var odd = _scratch.Ffmpeg("odd.mkv", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=10:d=1", "-vf", "scale=321:241", "-c:v", "ffv1", "-pix_fmt", "yuv420p");

        var frames = await Tool.DecodeAllAsync(odd);

        Assert.Equal(10, frames.Count);
        Assert.Equal(321 * 241 + 2 * 161 * 121, frames[0].Buffer.Length);
    }

    [Fact]
    public async Task A_writer_disposed_before_completion_kills_the_encoder()
    {
        var output = _scratch.File("abandoned.mp4");
        var frame = new VideoFrame(64, 64);
        var writer = RawVideoWriter.Start(output, 64, 64, 30, null, H264Settings.Default);
        await writer.WriteAsync(frame);

        await writer.DisposeAsync();

        Assert.Equal(1, writer.FramesWritten);
        Assert.True(!File.Exists(output) || new FileInfo(output).Length < 10_000);
    }

    [Fact]
    public async Task Frames_of_the_wrong_size_are_refused()
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);
        await using var reader = RawVideoReader.Open(info);

        await Assert.ThrowsAsync<ArgumentException>(() => reader.ReadAsync(new VideoFrame(10, 10)).AsTask());
    }

    private static double Psnr(byte[] a, byte[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        var mse = sum / a.Length;
        return mse == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
