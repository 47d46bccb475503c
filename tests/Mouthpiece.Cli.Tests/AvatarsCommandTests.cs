using System.Text.Json;

namespace Mouthpiece.Cli.Tests;

/// <summary><c>mouthpiece avatars</c> on a data directory of its own.</summary>
public sealed class AvatarsCommandTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");

    /// <summary>What the engine calls its face analysis in the report's CPU seconds.</summary>
    private static readonly string[] FaceAnalysisStages = ["faces", "analysis"];
    private readonly string _data;

    public AvatarsCommandTests(Scratch scratch)
    {
        _data = Directory.CreateDirectory(scratch.File("data-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    }

    [Fact]
    public async Task Add_list_show_and_delete()
    {
        var added = await Cli.RunAsync("--data", _data, "avatars", "add", "anna", Talking);
        Assert.True(added.ExitCode == 0, added.Errors);
        Assert.Contains("1 face", added.Output, StringComparison.Ordinal);

        var listed = await Cli.RunAsync("--data", _data, "avatars", "list");
        Assert.StartsWith("anna  3.0 s  512x480", listed.Output, StringComparison.Ordinal);

        var shown = await Cli.RunAsync("--data", _data, "avatars", "show", "anna", "--json");
        using var json = JsonDocument.Parse(shown.Output);
        Assert.Equal("talking-3s.mp4", json.RootElement.GetProperty("originalName").GetString());
        Assert.True(File.Exists(json.RootElement.GetProperty("videoPath").GetString()));

        Assert.Equal(0, (await Cli.RunAsync("--data", _data, "avatars", "delete", "anna")).ExitCode);
        var missing = await Cli.RunAsync("--data", _data, "avatars", "show", "anna");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("error: no avatar called anna", missing.Errors.Trim());
    }

    [Fact]
    public async Task Render_and_batch_from_an_avatar_do_no_face_analysis()
    {
        Assert.Equal(0, (await Cli.RunAsync("--data", _data, "avatars", "add", "host", Talking)).ExitCode);
        var output = Path.Combine(_data, "out.mp4");
        var reportPath = Path.Combine(_data, "out.json");

        var rendered = await Cli.RunAsync("--data", _data, "render", "--avatar", "host", "--audio", Speech, "--output", output, "--report", reportPath);

        Assert.True(rendered.ExitCode == 0, rendered.Errors);
        using (var report = JsonDocument.Parse(File.ReadAllText(reportPath)))
        {
            Assert.True(report.RootElement.GetProperty("faceTrackFromCache").GetBoolean());
            var cpu = report.RootElement.GetProperty("engineCpuSeconds");
            var analysis = FaceAnalysisStages.Sum(stage => cpu.TryGetProperty(stage, out var seconds) ? seconds.GetDouble() : 0);
            Assert.InRange(analysis, 0, 0.05);
        }

        var batch = await Cli.RunAsync("--data", _data, "batch", "--avatar", "host", "--audios", Speech, "--out-dir", Path.Combine(_data, "batch"));
        Assert.True(batch.ExitCode == 0, batch.Errors);
        Assert.True(File.Exists(Path.Combine(_data, "batch", "host+speech-en-3s.mp4")), string.Join(", ", Directory.GetFiles(Path.Combine(_data, "batch"))));

        var both = await Cli.RunAsync("--data", _data, "render", "--avatar", "host", "--video", Talking, "--audio", Speech, "--output", output);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("error: give --video or --avatar, not both", both.Errors.Trim());
        var unknown = await Cli.RunAsync("--data", _data, "render", "--avatar", "nobody", "--audio", Speech, "--output", output);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: no avatar called nobody", unknown.Errors.Trim());
    }

    [Fact]
    public async Task A_bad_name_or_a_video_without_the_face_ends_with_exit_code_2()
    {
        var badName = await Cli.RunAsync("--data", _data, "avatars", "add", "../x", Talking);
        var noSuchFace = await Cli.RunAsync("--data", _data, "avatars", "add", "bob", Talking, "--face-index", "2");

        Assert.Equal(2, badName.ExitCode);
        Assert.Contains("avatar name \"../x\"", badName.Errors, StringComparison.Ordinal);
        Assert.Equal(2, noSuchFace.ExitCode);
        Assert.StartsWith("error: talking-3s.mp4:", noSuchFace.Errors, StringComparison.Ordinal);
        Assert.Equal("", (await Cli.RunAsync("--data", _data, "avatars", "list")).Output);
    }
}
