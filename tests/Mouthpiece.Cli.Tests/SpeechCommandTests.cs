using Mouthpiece.Media;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Cli.Tests;

/// <summary>Scripts in place of recordings, voices and subtitles, as a user runs them from the command line.</summary>
public sealed class SpeechCommandTests(Scratch scratch) : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");

    private string Data => scratch.File("data");

    [Fact]
    public async Task Voices_lists_Mandarin_and_English_and_as_json()
    {
        var (exitCode, stdout, errors) = await Cli.RunAsync("voices");
        var (jsonExit, json, _) = await Cli.RunAsync("voices", "--json", "--tts-url", "http://127.0.0.1:18180");

        Assert.True(exitCode == 0, errors);
        Assert.Matches(@"(?m)^cmn\s+Chinese \(Mandarin\)", stdout);
        Assert.Matches(@"(?m)^en-us\s+English \(America\)", stdout);
        Assert.Equal(0, jsonExit);
        Assert.Contains("\"name\": \"service\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"service\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_script_becomes_a_video_with_subtitles_beside_it()
    {
        var output = scratch.File("typed.mp4");

        var (exitCode, stdout, errors) = await Cli.RunAsync(
            "render", "--text", "Maybe Bob will bring the map.", "--voice", "en-us", "--video", Talking, "--output", output,
            "--subtitles", "srt,vtt", "--data", Data);

        Assert.True(exitCode == 0, errors);
        Assert.Equal([output, scratch.File("typed.srt"), scratch.File("typed.vtt")], stdout.Trim().Split('\n'));
        Assert.Contains("making the speech", errors, StringComparison.Ordinal);
        Assert.Contains("voice en-us", errors, StringComparison.Ordinal);
        var video = await MediaProbe.ProbeVideoAsync(output);
        var cue = Assert.Single(SubRip.Parse(File.ReadAllText(scratch.File("typed.srt")), "srt"));
        Assert.Equal("Maybe Bob will bring the map.", cue.Text);
        Assert.True(cue.End < video.Duration.TotalSeconds);
        Assert.Empty(Directory.GetFiles(Path.Combine(Data, "tmp")));
    }

    [Theory]
    [InlineData("--voice", "klingon", "error: --voice: voice klingon is not installed; `mouthpiece voices`")]
    [InlineData("--subtitles", "ass", "error: 'ass' is not a subtitle format")]
    [InlineData("--tts-url", "ftp://x", "error: the TTS service URL 'ftp://x' is not an http:// or https:// address")]
    public async Task A_bad_voice_format_or_service_exits_2_before_any_work(string option, string value, string message)
    {
        var output = scratch.File($"bad-{value.Replace(':', '_').Replace('/', '_')}.mp4");

        var (exitCode, _, errors) = await Cli.RunAsync(
            "render", "--text", "Hello.", "--video", Talking, "--output", output, "--data", Data, option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(message, errors.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Speech_must_be_given_once()
    {
        var neither = await Cli.RunAsync("render", "--video", Talking, "--output", scratch.File("n.mp4"), "--data", Data);
        var both = await Cli.RunAsync("render", "--audio", TestData.File("media", "speech-en-3s.wav"), "--text", "Hi.", "--video", Talking, "--output", scratch.File("b.mp4"), "--data", Data);
        var empty = await Cli.RunAsync("render", "--text-file", scratch.WriteText("empty.txt", " \n"), "--video", Talking, "--output", scratch.File("e.mp4"), "--data", Data);

        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("give the speech: --audio FILE, or a script with --text or --text-file", neither.Errors, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("empty.txt: the script is empty", empty.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recording_with_a_bad_subtitle_script_exits_2_naming_the_line()
    {
        var script = scratch.WriteText("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03 --> 00:00:04,000\nWorld\n");

        var (exitCode, _, errors) = await Cli.RunAsync(
            "render", "--audio", TestData.File("media", "speech-en-3s.wav"), "--script", script, "--video", Talking,
            "--output", scratch.File("bad-script.mp4"), "--data", Data);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{script}: line 6: expected a time range", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_scripts_for_one_video_names_each_output_after_the_video_and_its_script_with_subtitles()
    {
        var video = scratch.Ffmpeg("short-face.mp4", "-i", Talking, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-an");
        var first = scratch.WriteText("hello.txt", "Hello there.");
        var second = scratch.WriteText("ni-hao.txt", "你好。");
        var outDir = scratch.File("scripts-out");

        var (exitCode, stdout, errors) = await Cli.RunAsync(
            "batch", "--text-files", first, second, "--video", video, "--subtitles", "srt", "--out-dir", outDir, "--data", scratch.File("data-batch"));

        Assert.True(exitCode == 0, errors + stdout);
        Assert.Equal(["short-face+Hello-there.mp4", "short-face+Hello-there.srt", "short-face+你好.mp4", "short-face+你好.srt"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("你好。", Assert.Single(SubRip.Parse(File.ReadAllText(Path.Combine(outDir, "short-face+你好.srt")), "srt")).Text);
    }
}
