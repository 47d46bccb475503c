using System.Text;
using Mouthpiece.Charts;
using Mouthpiece.Evaluation;

namespace Mouthpiece.Cli.Tests.Charts;

public sealed class EvaluationChartTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public EvaluationChartTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public void A_chart_is_a_png_of_its_size_that_ffmpeg_reads_and_shows_every_curve()
    {
        var path = _scratch.File("chart.png");

        EvaluationChart.Write(Evaluation("Test clip.mp4", truth: true), path);

        Assert.Equal("png,960,360", Encoding.UTF8.GetString(
            Tool.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path)).Trim());
        var rgb = Tool.Run("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        Assert.Equal(3 * EvaluationChart.Width * EvaluationChart.Height, rgb.Length);
        // ScottPlot's first three colours, in the order the curves are added.
        Assert.True(CountColour(rgb, 31, 119, 180) > 500, "the mouth aperture is drawn in blue");
        Assert.True(CountColour(rgb, 255, 127, 14) > 500, "the speech level is drawn in orange");
        Assert.True(CountColour(rgb, 44, 160, 44) > 500, "the real mouth aperture is drawn in green");
    }

    [Fact]
    public void Chinese_file_names_in_the_title_are_drawn_as_their_own_letters()
    {
        // Two titles with the same letters in another order: a font without them would draw the same empty boxes.
        var first = _scratch.File("first.png");
        var second = _scratch.File("second.png");

        EvaluationChart.Write(Evaluation("演讲.mp4", truth: false), first);
        EvaluationChart.Write(Evaluation("讲演.mp4", truth: false), second);

        var titleBytes = 3 * EvaluationChart.Width * 40;
        var a = Tool.Run("ffmpeg", "-v", "error", "-i", first, "-f", "rawvideo", "-pix_fmt", "rgb24", "-")[..titleBytes];
        var b = Tool.Run("ffmpeg", "-v", "error", "-i", second, "-f", "rawvideo", "-pix_fmt", "rgb24", "-")[..titleBytes];
        Assert.True(a.Count(value => value < 128) > 100, "the title is drawn");
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Curves_are_scaled_to_their_own_range_without_their_outliers()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i).ToList();
        values[50] = 1e6;
        values[51] = double.NaN;

        var normalised = EvaluationChart.Normalise(values);

        Assert.Equal(0, normalised[0], 2);
        Assert.Equal(1, normalised[50]);
        Assert.True(double.IsNaN(normalised[51]));
        Assert.InRange(normalised[100], 0.9, 1);
        Assert.Equal([0.5, 0.5, double.NaN], EvaluationChart.Normalise([3, 3, double.NaN]));
    }

    private static LipSyncEvaluation Evaluation(string video, bool truth)
    {
        var wave = Enumerable.Range(0, 300).Select(i => Math.Sin(i / 10.0)).ToArray();
        var gappy = wave.Select((v, i) => i is > 100 and < 140 ? double.NaN : -v).ToArray();
        var report = new EvaluationReport(video, video, 300, 30, 1, 0.5, 2, truth ? "truth.mp4" : null, truth ? 0.4 : null, truth ? 1 : null, truth ? 1 : null);
        return new LipSyncEvaluation(report, new ApertureSeries(wave, 30), gappy,
            truth ? new ApertureSeries([.. wave.Select(v => v * v)], 30) : null);
    }

    private static int CountColour(byte[] rgb, byte r, byte g, byte b)
    {
        var count = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            if (rgb[i] == r && rgb[i + 1] == g && rgb[i + 2] == b)
                count++;
        }
        return count;
    }
}
