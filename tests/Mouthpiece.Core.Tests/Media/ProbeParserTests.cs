using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>The parser against ffprobe output saved from real files (tests/data/media/probe).</summary>
public class ProbeParserTests
{
    private static MediaInfo Parse(string sample) =>
        ProbeParser.Parse(sample, File.ReadAllText(TestData.File("media", "probe", sample)));

    [Fact]
    public void Reads_container_duration_and_both_streams_of_an_mp4()
    {
        var info = Parse("mp4-h264-aac.json");

        Assert.Contains("mp4", info.Container, StringComparison.Ordinal);
        Assert.Equal(3.0, info.Duration.TotalSeconds, 0.1);
        Assert.Equal(2, info.StreamCount);
        var video = Assert.IsType<VideoStreamInfo>(info.Video);
        Assert.Equal(("h264", 512, 480, "yuv420p", 0), (video.Codec, video.Width, video.Height, video.PixelFormat, video.Rotation));
        Assert.Equal(30, video.FramesPerSecond, 3);
        Assert.InRange(video.BitRate!.Value, 100_000, 2_000_000);
        var audio = Assert.IsType<AudioStreamInfo>(info.Audio);
        Assert.Equal(("aac", 44100, 2), (audio.Codec, audio.SampleRate, audio.Channels));
    }

    [Fact]
    public void A_quarter_turn_swaps_the_displayed_size()
    {
        var video = Parse("mp4-rotated-90.json").Video!;

        Assert.Equal(90, video.Rotation);
        Assert.Equal((512, 480), (video.Width, video.Height));
        Assert.Equal((480, 512), (video.DisplayWidth, video.DisplayHeight));
    }

    [Fact]
    public void WebM_streams_without_their_own_bit_rate_fall_back_to_the_container()
    {
        var info = Parse("webm-vp9-opus.json");

        Assert.Equal("vp9", info.Video!.Codec);
        Assert.Equal(info.BitRate, info.Video.BitRate);
        Assert.Equal("opus", info.Audio!.Codec);
    }

    [Fact]
    public void Cover_art_in_an_mp3_is_not_a_video()
    {
        var info = Parse("mp3-with-cover-art.json");

        Assert.Null(info.Video);
        Assert.Equal("mp3", info.Audio!.Codec);
        Assert.Equal(2, info.StreamCount);
    }

    [Fact]
    public void A_wav_file_has_audio_only()
    {
        var info = Parse("wav-pcm.json");

        Assert.Null(info.Video);
        Assert.Equal(("pcm_s16le", 22050, 1), (info.Audio!.Codec, info.Audio.SampleRate, info.Audio.Channels));
        Assert.Equal(12.13, info.Duration.TotalSeconds, 0.01);
    }

    [Theory]
    [InlineData("30000/1001", 29.97)]
    [InlineData("25/1", 25.0)]
    [InlineData("0/0", null)]
    [InlineData("garbage", null)]
    [InlineData(null, null)]
    public void Frame_rates_are_fractions(string? text, double? expected)
    {
        var parsed = ProbeParser.Rational(text);
        if (expected is null)
            Assert.Null(parsed);
        else
            Assert.Equal(expected.Value, parsed!.Value, 0.01);
    }

    [Fact]
    public void Missing_sections_give_an_empty_description_not_an_exception()
    {
        var info = ProbeParser.Parse("x", "{}");

        Assert.Equal(("unknown", 0, TimeSpan.Zero), (info.Container, info.StreamCount, info.Duration));
        Assert.Null(info.Video);
        Assert.Null(info.Audio);
    }
}
