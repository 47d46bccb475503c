using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>The position in ffmpeg's <c>-progress</c> output, the source of every progress bar.</summary>
public class FfmpegProgressTests
{
    [Theory]
    [InlineData("out_time_us=1500000", 1.5)]
    [InlineData("out_time_us=0", 0.0)]
    public void Reads_the_position_in_microseconds(string line, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Ffmpeg.ParseProgressLine(line));
    }

    [Theory]
    [InlineData("out_time_us=N/A")]
    [InlineData("out_time_us=-5000")]
    [InlineData("out_time=00:00:01.500000")]
    [InlineData("frame=45")]
    [InlineData("progress=end")]
    public void Ignores_every_other_line_and_unknown_values(string line)
    {
        Assert.Null(Ffmpeg.ParseProgressLine(line));
    }
}
