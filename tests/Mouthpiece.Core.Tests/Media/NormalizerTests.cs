using System.Diagnostics;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public sealed class NormalizerTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public NormalizerTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    [Theory]
    [InlineData(3840, 2160, 1080, 1920, 1080)]
    [InlineData(1920, 1080, 1080, 1920, 1080)]
    [InlineData(1280, 720, 1080, 1280, 720)]
    [InlineData(2160, 3840, 1080, 1080, 1920)]
    [InlineData(1920, 1080, 720, 1280, 720)]
    [InlineData(1001, 777, 480, 618, 480)]
    [InlineData(513, 481, 1080, 512, 480)]
    public void Fits_within_the_limits_keeping_aspect_and_even_sides(int width, int height, int maxShort, int expectedWidth, int expectedHeight)
    {
        var maxLong = (int)Math.Round(maxShort * 16 / 9.0);
        Assert.Equal((expectedWidth, expectedHeight), Normalizer.FitWithin(width, height, maxShort, maxLong));
    }

    [Fact]
    public async Task A_small_clip_gets_the_house_codecs_and_the_requested_bit_rate()
    {
        var output = _scratch.File("talking-normalized.mp4");
        var progress = new List<double>();
        var options = new NormalizeOptions { Encoding = new H264Settings { BitRate = 2_000_000 } };

        await Normalizer.NormalizeAsync(await MediaProbe.ProbeVideoAsync(Talking), output, options, new SyncProgress<double>(progress.Add));

        var result = await MediaProbe.ProbeAsync(output);
        var video = result.Video!;
        Assert.Equal(("h264", "yuv420p", 512, 480), (video.Codec, video.PixelFormat, video.Width, video.Height));
        Assert.Equal(30, video.FramesPerSecond, 1);
        MediaAssert.BitRateNear(2_000_000, video.BitRate);
        Assert.Equal(("aac", 44100, 2), (result.Audio!.Codec, result.Audio.SampleRate, result.Audio.Channels));
        Assert.Equal(3.0, result.Duration.TotalSeconds, 0.1);
        MediaAssert.IsFastStart(output);
        MediaAssert.NoPartialLeft(output);
        Assert.NotEmpty(progress);
        Assert.True(progress[^1] > 0.9, $"last progress {progress[^1]}");
    }

    [Fact]
    public async Task A_1080p60_high_bit_rate_file_comes_down_to_30_fps_and_10_Mbps()
    {
        var source = _scratch.Ffmpeg("camera-1080p60.mp4",
            "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=60:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "40M", "-pix_fmt", "yuv422p");
        var output = _scratch.File("camera-normalized.mp4");
        var input = await MediaProbe.ProbeVideoAsync(source);
        Assert.True(InputPolicy.Default.Check(input.Video!).BreaksPolicy);

        await Normalizer.NormalizeAsync(input, output, new NormalizeOptions());

        var video = (await MediaProbe.ProbeAsync(output)).Video!;
        Assert.Equal((1920, 1080, "yuv420p"), (video.Width, video.Height, video.PixelFormat));
        Assert.Equal(30, video.FramesPerSecond, 1);
        MediaAssert.BitRateNear(10_000_000, video.BitRate);
        Assert.False(InputPolicy.Default.Check(video).BreaksPolicy);
    }

    [Fact]
    public async Task Scaling_down_keeps_the_aspect_ratio()
    {
        var output = _scratch.File("small.mp4");
        var options = new NormalizeOptions { MaxHeight = 240, Encoding = new H264Settings { BitRate = 1_000_000, Preset = "ultrafast" } };

        await Normalizer.NormalizeAsync(await MediaProbe.ProbeVideoAsync(Talking), output, options);

        var video = (await MediaProbe.ProbeAsync(output)).Video!;
        Assert.Equal((256, 240), (video.Width, video.Height));
    }

    [Fact]
    public async Task A_rotated_phone_video_stays_upright()
    {
        var rotated = _scratch.Ffmpeg("rotated.mp4", "-i", Talking, "-t", "1", "-c", "copy", "-metadata:s:v:0", "rotate=90");
        var output = _scratch.File("rotated-normalized.mp4");

        await Normalizer.NormalizeAsync(await MediaProbe.ProbeVideoAsync(rotated), output, new NormalizeOptions());

        var video = (await MediaProbe.ProbeAsync(output)).Video!;
        Assert.Equal((480, 512, 0), (video.Width, video.Height, video.Rotation));
    }

    [Fact]
    public async Task Cancel_stops_ffmpeg_quickly_and_leaves_no_file()
    {
        var source = _scratch.Ffmpeg("long.mp4", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=20", "-c:v", "libx264", "-preset", "ultrafast");
        var output = _scratch.File("canceled.mp4");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var input = await MediaProbe.ProbeVideoAsync(source);
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Normalizer.NormalizeAsync(input, output, new NormalizeOptions { Encoding = new H264Settings { Preset = "veryslow" } }, null, cancel.Token));

        // The whole encode would take minutes at this preset; a loose bound still proves ffmpeg was stopped, on a busy machine too.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"cancel took {stopwatch.Elapsed}");
        Assert.False(File.Exists(output));
        MediaAssert.NoPartialLeft(output);
        Assert.Empty(Tool.ProcessesMentioning(output));
    }

    [Fact]
    public async Task A_failed_write_leaves_neither_output_nor_partial()
    {
        var output = _scratch.File("failed.mp4");

        await Assert.ThrowsAsync<InvalidOperationException>(() => OutputFile.WriteAsync(output, async partial =>
        {
            await File.WriteAllTextAsync(partial, "half a video");
            throw new InvalidOperationException("encoder crashed");
        }, CancellationToken.None));

        Assert.False(File.Exists(output));
        MediaAssert.NoPartialLeft(output);
    }
}
