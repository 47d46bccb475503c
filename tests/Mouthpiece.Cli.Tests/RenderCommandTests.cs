using System.Diagnostics;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

public sealed class RenderCommandTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;

    public RenderCommandTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private string[] Render(string audio, string video, string output) =>
        ["render", "--audio", audio, "--video", video, "--output", output, "--data", _scratch.File("data")];

    [Fact]
    public async Task Renders_with_plain_progress_lines_when_not_on_a_terminal()
    {
        var output = _scratch.File("out.mp4");

        var (exitCode, stdout, errors) = await Cli.RunAsync([.. Render(Speech, Talking, output), "--report", _scratch.File("out.json")]);

        Assert.True(exitCode == 0, errors);
        Assert.Equal(output, stdout.Trim());
        Assert.Contains("rendering", errors, StringComparison.Ordinal);
        Assert.Contains("100%", errors, StringComparison.Ordinal);
        Assert.Contains("90 frames", errors, StringComparison.Ordinal);
        Assert.True(File.Exists(_scratch.File("out.json")));
    }

    [Fact]
    public async Task Silent_speech_is_warned_about_before_the_render_which_still_runs()
    {
        var silence = _scratch.Ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1");
        var output = _scratch.File("silent.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(silence, Talking, output));

        Assert.True(exitCode == 0, errors);
        Assert.StartsWith($"warning: {silence}: the recording is silent", errors, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task Size_quality_and_long_audio_are_honoured_in_the_output()
    {
        var output = _scratch.File("settings.mp4");
        var longSpeech = TestData.File("audio", "tts-en.wav");

        var (exitCode, _, errors) = await Cli.RunAsync(
            [.. Render(longSpeech, Talking, output), "--size", "720", "--quality", "draft", "--long-audio", "loop", "--report", _scratch.File("settings.json")]);

        Assert.True(exitCode == 0, errors);
        var probed = await MediaProbe.ProbeAsync(output);
        Assert.Equal((768, 720), (probed.Video!.Width, probed.Video.Height));
        Assert.True(probed.Duration.TotalSeconds > 6);
        // x264 writes its settings into the stream: draft is the ultrafast preset (no CABAC, one reference frame, subme 0).
        var settings = X264Options(output);
        Assert.Contains("cabac=0", settings);
        Assert.Contains("subme=0", settings);
        Assert.Contains("ref=1", settings);
        var report = File.ReadAllText(_scratch.File("settings.json"));
        Assert.Contains("\"quality\": \"draft\"", report, StringComparison.Ordinal);
        Assert.Contains("\"longAudio\": \"loop\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_size_exits_2_naming_the_choices()
    {
        var output = _scratch.File("bad-size.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync([.. Render(Speech, Talking, output), "--size", "4k"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("'4k' is not an output size; choose one of source, 1080, 720, 480", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>The encoder settings x264 writes into the stream it makes ("options: cabac=1 ref=1 ...").</summary>
    private static string[] X264Options(string path)
    {
        var text = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path));
        var start = text.IndexOf("options: ", StringComparison.Ordinal);
        Assert.True(start >= 0, "no x264 settings in the output");
        return text[(start + 9)..text.IndexOf('\0', start)].Split(' ');
    }

    [Fact]
    public async Task Speech_given_as_the_video_exits_2_and_writes_nothing()
    {
        var output = _scratch.File("swapped.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(Talking, Speech, output));

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: {Speech}: has no video stream", errors.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_video_without_a_face_exits_2_with_no_face_found()
    {
        var wall = _scratch.Ffmpeg("wall.mp4", "-f", "lavfi", "-i", "color=c=0x707060:s=320x240:r=30:d=1", "-c:v", "libx264");
        var output = _scratch.File("faceless.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(Render(Speech, wall, output));

        // Once, on a machine at load 25-37, this exited 1: the message says with what.
        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr: {errors}");
        Assert.Contains($"{wall}: no face found", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(OutputFile.PartialsOf(output));
    }

    [Fact]
    public async Task Ctrl_C_cancels_cleanly_leaving_no_ffmpeg_and_no_output()
    {
        var longSpeech = _scratch.Ffmpeg("long.wav", "-stream_loop", "-1", "-i", Speech, "-t", "60");
        var output = _scratch.File("interrupted.mp4");
        using var process = Cli.Start(Render(longSpeech, Talking, output));
        await WaitForLineAsync(process, "rendering");

        Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(130, process.ExitCode);
        Assert.False(File.Exists(output));
        Assert.Empty(OutputFile.PartialsOf(output));
        Assert.Empty(Tool.ProcessesMentioning(output));
    }

    private static async Task WaitForLineAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                return;
        }
        throw new InvalidOperationException($"the program ended before printing '{text}'");
    }
}
