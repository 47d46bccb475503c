using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

public class OutputSettingsTests
{
    [Fact]
    public void Reads_every_name_and_keeps_the_defaults_for_null()
    {
        Assert.Equal(OutputSettings.Default, OutputSettings.Parse(null, null, null));
        Assert.Equal(
            new OutputSettings { Size = OutputSize.P720, Quality = OutputQuality.High, LongAudio = LongAudio.Loop },
            OutputSettings.Parse("720", "HIGH", "loop"));
        Assert.Equal(LongAudio.PingPong, OutputSettings.Parse(null, null, "ping-pong").LongAudio);
        var draft = OutputSettings.Parse("1080", "draft", null);
        Assert.Equal((OutputSize.P1080, OutputQuality.Draft), (draft.Size, draft.Quality));
    }

    [Theory]
    [InlineData("4k", null, null, "output.unknown_size")]
    [InlineData(null, "best", null, "output.unknown_quality")]
    [InlineData(null, null, "bounce", "output.unknown_long_audio")]
    public void An_unknown_name_is_refused_with_the_choices(string? size, string? quality, string? longAudio, string code)
    {
        var error = Assert.Throws<ProblemException>(() => OutputSettings.Parse(size, quality, longAudio));

        Assert.Equal(code, error.Problem.Code);
        Assert.Contains(", ", (string)error.Problem.Params["choices"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source", 1280, 720, 1280, 720)]
    [InlineData("1080", 1280, 720, 1920, 1080)]
    [InlineData("480", 1280, 720, 854, 480)]
    [InlineData("720", 720, 1280, 720, 1280)]
    [InlineData("480", 720, 1280, 480, 854)]
    [InlineData("720", 512, 480, 768, 720)]
    public void The_short_side_takes_the_chosen_size_and_both_sides_stay_even(string size, int width, int height, int outWidth, int outHeight)
    {
        Assert.Equal((outWidth, outHeight), OutputSettings.Parse(size, null, null).Fit(width, height));
    }

    [Fact]
    public void Loop_starts_again_from_the_first_frame()
    {
        var order = Enumerable.Range(0, 10).Select(i => LongAudio.Loop.SourceIndex(i, 4));

        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], order);
        Assert.Equal(PingPong.SourceIndex(7, 4), LongAudio.PingPong.SourceIndex(7, 4));
    }

    [Theory]
    [InlineData("draft", "ultrafast", 0.5)]
    [InlineData("standard", "fast", 1.0)]
    [InlineData("high", "medium", 1.5)]
    public void Each_quality_is_a_named_preset_and_share_of_the_house_bit_rate(string quality, string preset, double share)
    {
        var house = new RenderRequest("a.wav", "v.mp4", "o.mp4").OutputEncoding(1280, 720, 30);
        var request = new RenderRequest("a.wav", "v.mp4", "o.mp4") { Output = OutputSettings.Parse(null, quality, null) };

        var encoding = request.OutputEncoding(1280, 720, 30);
        var arguments = encoding.VideoArguments().ToList();

        Assert.Equal(("fast", 4_444_444), (house.Preset, house.BitRate));
        Assert.Equal((preset, (long)(house.BitRate * share)), (encoding.Preset, encoding.BitRate));
        Assert.Equal(preset, arguments[arguments.IndexOf("-preset") + 1]);
        Assert.Equal(encoding.BitRate.ToString(System.Globalization.CultureInfo.InvariantCulture), arguments[arguments.IndexOf("-b:v") + 1]);
    }
}
