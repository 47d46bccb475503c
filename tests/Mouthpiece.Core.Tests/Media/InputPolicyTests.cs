using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public class InputPolicyTests
{
    private static VideoStreamInfo Video(
        string codec = "h264", int width = 1920, int height = 1080, double fps = 30, long? bitRate = 10_000_000,
        string pixelFormat = "yuv420p", int rotation = 0) =>
        new(codec, width, height, fps, bitRate, pixelFormat, rotation, null);

    [Fact]
    public void A_1080p30_h264_file_at_10_Mbps_meets_the_policy()
    {
        var verdict = InputPolicy.Default.Check(Video());

        Assert.False(verdict.BreaksPolicy);
        Assert.Empty(verdict.Breaches);
        Assert.Empty(verdict.Notes.Select(note => note.ToString()));
    }

    [Fact]
    public void Each_breach_is_named_with_its_numbers()
    {
        var verdict = InputPolicy.Default.Check(Video("hevc", 3840, 2160, 60, 58_000_000, "yuv422p"));

        Assert.True(verdict.BreaksPolicy);
        Assert.Equal(
            [
                "codec hevc, H.264 expected",
                "pixel format yuv422p, yuv420p expected",
                "resolution 3840x2160 > 1920x1080",
                "frame rate 60 fps > 30 fps",
                "bitrate 58 Mbps > 12 Mbps",
            ],
            verdict.Breaches.Select(breach => breach.ToString()));
    }

    [Fact]
    public void A_portrait_1080x1920_phone_video_fits()
    {
        Assert.False(InputPolicy.Default.Check(Video(width: 1080, height: 1920)).BreaksPolicy);
        Assert.False(InputPolicy.Default.Check(Video(width: 1920, height: 1080, rotation: 90)).BreaksPolicy);
    }

    [Fact]
    public void NTSC_rates_count_as_30_fps()
    {
        Assert.False(InputPolicy.Default.Check(Video(fps: 29.97)).BreaksPolicy);
        Assert.True(InputPolicy.Default.Check(Video(fps: 50)).BreaksPolicy);
    }

    [Fact]
    public void A_low_bit_rate_is_noted_but_kept()
    {
        var verdict = InputPolicy.Default.Check(Video(bitRate: 800_000));

        Assert.False(verdict.BreaksPolicy);
        Assert.Equal(["bitrate 0.8 Mbps is below 8 Mbps: kept, re-encoding cannot add detail"], verdict.Notes.Select(note => note.ToString()));
    }
}
