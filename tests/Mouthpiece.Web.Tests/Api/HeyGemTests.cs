using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>HeyGem's submit/query pair, with files from the inbox only.</summary>
public sealed class HeyGemTests : IClassFixture<Scratch>, IDisposable
{
    private static readonly int[] ClientFailureCodes = [9999, 10002, 10003];

    private readonly MouthpieceFactory _factory = new();
    private readonly HttpClient _client;
    private readonly Scratch _scratch;

    public HeyGemTests(Scratch scratch)
    {
        _scratch = scratch;
        _client = _factory.CreateClient();
        Directory.CreateDirectory(Path.Combine(WorkFolder, "clips"));
        File.Copy(Media.ShortSpeech(scratch), Path.Combine(WorkFolder, "speech.wav"));
        File.Copy(Media.Video, Path.Combine(WorkFolder, "clips", "talk.mp4"));
    }

    /// <summary>The folder HeyGem clients keep their files in and read results from: the share's <c>temp</c>.</summary>
    private string WorkFolder => Path.Combine(_factory.Inbox, "temp");

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<JsonElement> SubmitAsync(string? audio, string? video, string? code)
    {
        using var response = await _client.PostAsJsonAsync("/easy/submit", new { audio_url = audio, video_url = video, code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> QueryAsync(string code) => await _client.JsonAsync($"/easy/query?code={Uri.EscapeDataString(code)}");

    /// <summary>
    /// Polls as HeyGem clients do (Duix.Avatar's <c>loopPending</c>): codes 9999, 10002 and 10003 are failures, status 1
    /// is progress, 2 is done and 3 failed. Returns the last task data; <paramref name="timesLeft"/> collects each running answer's time left and message.
    /// </summary>
    private async Task<JsonElement> PollAsync(string code, TimeSpan every, List<(double Seconds, string Message)>? timesLeft = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            var answer = await QueryAsync(code);
            Assert.DoesNotContain(answer.GetProperty("code").GetInt32(), ClientFailureCodes);
            Assert.Equal(10000, answer.GetProperty("code").GetInt32());
            var data = answer.GetProperty("data");
            Assert.InRange(data.GetProperty("progress").GetInt32(), 0, 100);
            if (data.GetProperty("status").GetInt32() != 1)
                return data;
            if (timesLeft is not null && data.GetProperty("remaining_seconds").ValueKind == JsonValueKind.Number)
                timesLeft.Add((data.GetProperty("remaining_seconds").GetDouble(), data.GetProperty("msg").GetString()!));
            await Task.Delay(every);
        }
        throw new TimeoutException($"task {code} still running");
    }

    private static double DurationOf(string path) =>
        double.Parse(Encoding.ASCII.GetString(Tool.Run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path)), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Duix_Avatar_sequence_bare_names_in_temp_result_joined_to_its_folder_and_probed()
    {
        // Duix.Avatar (src/main/service/video.js): files under bare names in face2face/temp, a uuid code, its fixed flags.
        var code = Guid.NewGuid().ToString();
        using var submit = await _client.PostAsJsonAsync("/easy/submit",
            new { audio_url = "speech.wav", video_url = "clips/talk.mp4", code, chaofen = 0, watermark_switch = 0, pn = 1 });
        var submitted = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10000, submitted.GetProperty("code").GetInt32());

        var timesLeft = new List<(double Seconds, string Message)>();
        var data = await PollAsync(code, TimeSpan.FromSeconds(2), timesLeft);

        // While it runs, the query tells the time left the page shows, in numbers and in its message.
        Assert.NotEmpty(timesLeft);
        Assert.All(timesLeft, left => Assert.EndsWith(" left", left.Message, StringComparison.Ordinal));

        Assert.Equal(2, data.GetProperty("status").GetInt32());
        Assert.Equal(100, data.GetProperty("progress").GetInt32());
        var result = data.GetProperty("result").GetString()!;
        var resultPath = Path.Join(WorkFolder, result); // node's path.join(assetPath.model, result)
        Assert.Equal(Path.Combine(WorkFolder, code + "-r.mp4"), Path.GetFullPath(resultPath));
        Assert.InRange(DurationOf(resultPath), 1.3, 1.8);
        Assert.Empty(Directory.GetFiles(WorkFolder, "*.partial"));

        var again = await PollAsync(code, TimeSpan.Zero);
        Assert.Equal(result, again.GetProperty("result").GetString());
        var duplicate = await SubmitAsync("speech.wav", "clips/talk.mp4", code);
        Assert.Equal(10002, duplicate.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Heygem_api_sequence_container_paths_and_the_result_moved_out_of_temp()
    {
        // youdemo/heygem-api (internal/pkg/f2f, internal/logic/video): paths under /code/data joined with "/", polled
        // every 5 s, the result moved from <share>/temp into its own folder and probed there.
        var share = _factory.Inbox;
        Directory.CreateDirectory(Path.Combine(share, "voice", "20261129"));
        Directory.CreateDirectory(Path.Combine(share, "model"));
        File.Copy(Media.ShortSpeech(_scratch), Path.Combine(share, "voice", "20261129", "abc.wav"));
        File.Copy(Media.Video, Path.Combine(share, "model", "presenter.mp4"));
        var code = "m3x9k2qz7abcde";
        using var submit = await _client.PostAsJsonAsync("/easy/submit", new
        {
            code,
            audio_url = string.Join("/", "/code/data", "/voice/20261129/abc.wav"),
            video_url = string.Join("/", "/code/data", "/model/presenter.mp4"),
            chaofen = 0,
            watermark_switch = 0,
            pn = 1,
        });
        Assert.Equal(10000, (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        var data = await PollAsync(code, TimeSpan.FromSeconds(5));

        Assert.Equal(2, data.GetProperty("status").GetInt32());
        var result = data.GetProperty("result").GetString()!;
        var moved = Path.Join(share, "voice", "20261129", result);
        File.Move(Path.Join(share, "temp", result), moved);
        Assert.InRange(DurationOf(moved), 1.3, 1.8);
    }

    [Fact]
    public async Task Pn_0_loops_and_chaofen_and_watermark_switch_are_answered_with_what_they_do_here()
    {
        File.Copy(Media.ShortSpeech(_scratch), Path.Combine(WorkFolder, "pn-zero.wav"));
        var code = Guid.NewGuid().ToString();

        using var submit = await _client.PostAsJsonAsync("/easy/submit",
            new { audio_url = "pn-zero.wav", video_url = "clips/talk.mp4", code, chaofen = 1, watermark_switch = "1", pn = "0" });

        var answer = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10000, answer.GetProperty("code").GetInt32());
        var data = answer.GetProperty("data");
        Assert.Equal((code, 0, "loop"), (data.GetProperty("code").GetString(), data.GetProperty("pn").GetInt32(), data.GetProperty("long_audio").GetString()));
        Assert.Equal((1, 1), (data.GetProperty("chaofen").GetInt32(), data.GetProperty("watermark_switch").GetInt32()));
        Assert.Contains("the output keeps the video's size", data.GetProperty("chaofen_note").GetString(), StringComparison.Ordinal);
        Assert.Contains("never adds a watermark", data.GetProperty("watermark_note").GetString(), StringComparison.Ordinal);
        var jobs = (await _client.JsonAsync("/api/jobs?page=1&pageSize=100")).GetProperty("items").EnumerateArray();
        var job = Assert.Single(jobs, j => j.GetProperty("audioName").GetString() == "pn-zero.wav");
        Assert.Equal("loop", job.GetProperty("output").GetProperty("longAudio").GetString());
    }

    [Fact]
    public async Task Pn_absent_or_1_plays_back_and_forth()
    {
        var code = Guid.NewGuid().ToString();

        var answer = await SubmitAsync("speech.wav", "clips/talk.mp4", code);

        Assert.Equal((1, "pingpong", 0, 0), (answer.GetProperty("data").GetProperty("pn").GetInt32(), answer.GetProperty("data").GetProperty("long_audio").GetString(),
            answer.GetProperty("data").GetProperty("chaofen").GetInt32(), answer.GetProperty("data").GetProperty("watermark_switch").GetInt32()));
    }

    [Fact]
    public async Task Unknown_task_is_10004()
    {
        var answer = await QueryAsync("never-submitted");
        Assert.Equal(10004, answer.GetProperty("code").GetInt32());
        Assert.False(answer.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("../jobs.db")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("http://127.0.0.1:9/talk.mp4")]
    [InlineData("file:///etc/passwd")]
    [InlineData("clips/../../web.db")]
    [InlineData("clips/../../../web.db")]
    [InlineData("/code/data/../jobs.db")]
    [InlineData("/code/data/../../etc/passwd")]
    [InlineData("/code/datax/temp/speech.wav")]
    [InlineData("")]
    public async Task Files_outside_the_inbox_or_urls_are_refused_and_no_job_is_made(string video)
    {
        var answer = await SubmitAsync("speech.wav", video, "escape");
        Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        Assert.Equal(10004, (await QueryAsync("escape")).GetProperty("code").GetInt32());
        Assert.Empty(await _factory.Jobs.Store.ListAsync());
    }

    [Fact]
    public async Task A_symbolic_link_in_the_inbox_is_not_followed()
    {
        var outside = _scratch.WriteText("secret.mp4", "not for you");
        File.CreateSymbolicLink(Path.Combine(WorkFolder, "link.mp4"), outside);
        Directory.CreateSymbolicLink(Path.Combine(WorkFolder, "linked-dir"), _scratch.Root);
        foreach (var video in new[] { "link.mp4", "linked-dir/secret.mp4" })
        {
            var answer = await SubmitAsync("speech.wav", video, "link");
            Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        }
        Assert.Empty(await _factory.Jobs.Store.ListAsync());
    }

    [Fact]
    public async Task Html_in_the_inbox_named_mp4_is_refused()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkFolder, "page.mp4"), "<html><body>hi</body></html>");
        var answer = await SubmitAsync("speech.wav", "page.mp4", "html");
        Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        Assert.Contains("text", answer.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }
}
