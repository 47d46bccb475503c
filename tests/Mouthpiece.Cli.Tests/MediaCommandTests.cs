using System.Text.Json;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

public sealed class MediaCommandTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public MediaCommandTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    [Fact]
    public async Task Probe_describes_the_streams_and_the_policy()
    {
        var (exitCode, output, _) = await Cli.RunAsync("probe", Talking);

        Assert.Equal(0, exitCode);
        Assert.Contains("h264 512x480 30 fps", output, StringComparison.Ordinal);
        Assert.Contains("aac 44100 Hz 2 ch", output, StringComparison.Ordinal);
        Assert.Contains("policy     ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_json_is_machine_readable()
    {
        var (exitCode, output, _) = await Cli.RunAsync("probe", "--json", Talking);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var info = json.RootElement.GetProperty("info");
        Assert.Equal(3.0, info.GetProperty("durationSeconds").GetDouble(), 0.1);
        Assert.Equal(512, info.GetProperty("video").GetProperty("width").GetInt32());
        Assert.False(json.RootElement.GetProperty("policy").GetProperty("breaksPolicy").GetBoolean());
    }

    [Fact]
    public async Task Normalize_writes_the_output_and_reports_it()
    {
        var output = _scratch.File("normalized.mp4");

        var (exitCode, stdout, errors) = await Cli.RunAsync("normalize", Talking, output, "--bitrate", "1M", "--max-height", "240", "--preset", "ultrafast");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(output, stdout.Trim());
        Assert.Contains("normalizing: 100%", errors, StringComparison.Ordinal);
        var (_, probe, _) = await Cli.RunAsync("probe", output);
        Assert.Contains("h264 256x240", probe, StringComparison.Ordinal);
        Assert.Empty(OutputFile.PartialsOf(output));
    }

    [Theory]
    [InlineData("empty.mp4", "", "file is empty")]
    [InlineData("notes.mp4", "just some text\n", "is a text file, not audio or video")]
    [InlineData("list.mp4", "ffconcat version 1.0\nfile '/etc/hostname'\n", "is an ffmpeg concat list")]
    [InlineData("stream.avi", "#EXTM3U\n#EXTINF:1,\n/etc/hostname\n", "is a streaming playlist")]
    public async Task Bad_inputs_exit_2_with_one_line_naming_the_file(string name, string content, string problem)
    {
        var input = _scratch.WriteText(name, content);
        var output = _scratch.File(name + ".out.mp4");

        foreach (var command in new[] { new[] { "probe", input }, ["normalize", input, output] })
        {
            var (exitCode, stdout, errors) = await Cli.RunAsync(command);
            Assert.Equal(2, exitCode);
            Assert.Equal($"error: {input}: {problem}", errors.Trim()[..$"error: {input}: {problem}".Length]);
            Assert.Single(errors.Trim().Split('\n'));
            Assert.Empty(stdout);
        }
        Assert.False(File.Exists(output));
        Assert.Empty(OutputFile.PartialsOf(output));
    }

    [Fact]
    public async Task A_chinese_terminal_gets_the_problem_in_chinese_in_the_same_shape()
    {
        var input = _scratch.WriteText("words.mp4", "just some text\n");

        var (exitCode, _, errors) = await Cli.RunInLocaleAsync("zh_CN.UTF-8", "probe", input);

        Assert.Equal(2, exitCode);
        Assert.Equal($"error: {input}: 是文本文件，不是音频或视频", errors.Trim());
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var (exitCode, _, errors) = await Cli.RunAsync("probe", _scratch.File("missing.mov"));

        Assert.Equal(2, exitCode);
        Assert.EndsWith("missing.mov: file not found", errors.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_directory_exits_2_naming_the_output()
    {
        var output = Path.Combine(_scratch.File("absent"), "out.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync("normalize", Talking, output);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: {output}: cannot be written", errors.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_bit_rate_exits_2()
    {
        var (exitCode, _, errors) = await Cli.RunAsync("normalize", Talking, _scratch.File("x.mp4"), "--bitrate", "fast");

        Assert.Equal(2, exitCode);
        Assert.Contains("'fast' is not a bit rate", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_every_dependency()
    {
        var (exitCode, output, _) = await Cli.RunAsync("doctor", "--data", _scratch.File("data"));

        Assert.Equal(0, exitCode);
        string[] checks = ["ffmpeg", "ffprobe", "encoders", "ONNX Runtime", "face detector model", "landmark model", "disk", "CPU cores", "GPU",
            "NVENC encode", "CUDA decode", "CUDA inference"];
        foreach (var check in checks)
            Assert.Contains(check, output, StringComparison.Ordinal);
        // What Mouthpiece needs passes here; the GPU paths fail where there is no NVIDIA driver (CI), saying why and what to install.
        foreach (var failed in output.Split('\n').Where(line => line.StartsWith('✗')))
        {
            Assert.Matches("^✗ (NVENC encode|CUDA decode|CUDA inference) ", failed);
            Assert.Contains(" — fix: ", failed, StringComparison.Ordinal);
        }
    }
}
