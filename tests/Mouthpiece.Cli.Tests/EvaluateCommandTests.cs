using System.Text.Json;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

public sealed class EvaluateCommandTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;

    public EvaluateCommandTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    [Fact]
    public async Task Json_report_has_the_scores_and_the_truth()
    {
        var (exitCode, output, errors) = await Cli.RunAsync("evaluate", "--video", Talking, "--audio", Speech, "--truth", Talking, "--json");

        Assert.True(exitCode == 0, errors);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        Assert.Equal(Talking, report.GetProperty("video").GetString());
        Assert.Equal(Speech, report.GetProperty("audio").GetString());
        Assert.Equal(90, report.GetProperty("frames").GetInt32());
        Assert.Equal(30, report.GetProperty("framesPerSecond").GetDouble());
        Assert.InRange(report.GetProperty("faceCoverage").GetDouble(), 0.95, 1);
        Assert.InRange(report.GetProperty("score").GetDouble(), -1, 1);
        Assert.InRange(report.GetProperty("lag").GetInt32(), -15, 15);
        Assert.Equal(Talking, report.GetProperty("truth").GetString());
        Assert.Equal(1, report.GetProperty("truthScore").GetDouble(), 6);
        Assert.Equal(0, report.GetProperty("truthLag").GetInt32());
    }

    [Fact]
    public async Task Summary_names_the_scores_and_the_chart_it_wrote()
    {
        var chart = _scratch.File("sync.png");

        var (exitCode, output, errors) = await Cli.RunAsync("evaluate", "--video", Talking, "--chart", chart);

        Assert.True(exitCode == 0, errors);
        Assert.Contains("frames   90 at 30 fps, a face in 100%", output, StringComparison.Ordinal);
        Assert.Matches(@"sync     -?[01]\.\d{3} at lag [-+]?\d+ frames \(mouth opening vs loudness of .*talking-3s\.mp4\)", output);
        Assert.DoesNotContain("truth", output, StringComparison.Ordinal);
        Assert.Contains($"chart    {chart}", output, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(chart);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(OutputFile.PartialsOf(chart));
    }

    [Fact]
    public async Task Bad_inputs_exit_2_with_one_line_naming_the_file()
    {
        var text = _scratch.WriteText("notes.mp4", "just some text\n");
        var silent = TestData.File("media", "portrait-silent-2s.mp4");
        var missing = _scratch.File("missing.wav");
        var nowhere = Path.Combine(_scratch.Root, "no-such-dir", "chart.png");

        foreach (var (arguments, message) in new (string[], string)[]
        {
            (["--video", text], $"error: {text}: is a text file, not audio or video"),
            (["--video", silent], $"error: {silent}: has no audio track"),
            (["--video", Talking, "--audio", missing], $"error: {missing}: "),
            (["--video", Talking, "--truth", text], $"error: {text}: is a text file"),
            (["--video", Talking, "--chart", nowhere], $"error: {nowhere}: cannot be written"),
        })
        {
            var (exitCode, output, errors) = await Cli.RunAsync(["evaluate", .. arguments]);
            Assert.True(exitCode == 2, $"{string.Join(' ', arguments)} exited {exitCode}: {errors}");
            Assert.StartsWith(message, errors.Trim(), StringComparison.Ordinal);
            Assert.Single(errors.Trim().Split('\n'));
            Assert.Empty(output);
        }
    }

    [Fact]
    public async Task A_video_without_a_face_exits_2()
    {
        var pattern = _scratch.Ffmpeg("pattern.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=300:duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest");

        var (exitCode, _, errors) = await Cli.RunAsync("evaluate", "--video", pattern);

        Assert.Equal(2, exitCode);
        Assert.Equal($"error: {pattern}: shows no face in any frame; there is no mouth to measure", errors.Trim());
    }
}
