using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>The common containers and audio formats users upload, made with ffmpeg from the fixture clip.</summary>
public sealed class MediaFormatsTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;

    public MediaFormatsTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    public static TheoryData<string, string[]> Videos => new()
    {
        { "clip.mov", ["-c:v", "libx264", "-c:a", "aac"] },
        { "clip.mkv", ["-c:v", "libx264", "-c:a", "libvorbis"] },
        { "clip.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"] },
        { "clip.flv", ["-c:v", "flv1", "-c:a", "libmp3lame", "-ar", "44100"] },
        { "clip.avi", ["-c:v", "mpeg4", "-c:a", "libmp3lame"] },
    };

    public static TheoryData<string, string[]> Audios => new()
    {
        { "speech.wav", [] },
        { "speech.mp3", ["-c:a", "libmp3lame"] },
        { "speech.m4a", ["-c:a", "aac"] },
        { "speech.aac", ["-c:a", "aac"] },
        { "speech.flac", ["-c:a", "flac"] },
        { "speech.ogg", ["-c:a", "libvorbis"] },
    };

    [Theory]
    [MemberData(nameof(Videos))]
    public async Task Each_video_container_probes_and_normalizes(string name, string[] codecs)
    {
        var source = _scratch.Ffmpeg(name, ["-i", Talking, "-t", "1", "-vf", "scale=256:240", .. codecs]);
        var output = _scratch.File(name + ".mp4");

        var input = await MediaProbe.ProbeVideoAsync(source);
        Assert.NotNull(input.Audio);
        await Normalizer.NormalizeAsync(input, output, new NormalizeOptions { Encoding = new H264Settings { Preset = "ultrafast" } });

        var result = await MediaProbe.ProbeAsync(output);
        Assert.Equal(("h264", 256, 240, "aac"), (result.Video!.Codec, result.Video.Width, result.Video.Height, result.Audio!.Codec));
        Assert.Equal(1.0, result.Duration.TotalSeconds, 0.15);
    }

    [Theory]
    [MemberData(nameof(Audios))]
    public async Task Each_audio_format_decodes_to_16_kHz_mono(string name, string[] codecs)
    {
        var source = _scratch.Ffmpeg(name, ["-i", Speech, "-t", "2", .. codecs]);

        var info = await MediaProbe.ProbeAudioAsync(source);
        using var decoded = await AudioDecoder.DecodeMonoAsync(info);
        var pcm = decoded.ToArray();

        Assert.Null(info.Video);
        // Raw AAC keeps its encoder priming samples, so allow a tenth of a second either way and then some.
        Assert.InRange(pcm.Length, 16_000 * 2 - 2400, 16_000 * 2 + 2400);
        var rms = Math.Sqrt(pcm.Average(s => s * s));
        Assert.InRange(rms, 0.02, 0.5);
    }

    [Fact]
    public async Task A_video_file_can_also_be_the_speech()
    {
        using var pcm = await AudioDecoder.DecodeMonoAsync(await MediaProbe.ProbeAudioAsync(Talking));

        Assert.Equal(3.0, pcm.Length / 16_000.0, 0.05);
    }
}
