using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Typed scripts in place of audio, voices and subtitles through the HTTP API, with real renders.</summary>
public sealed class ScriptApiTests(Scratch scratch) : ApiTest, IClassFixture<Scratch>
{
    private static readonly string[] SrtAndVtt = ["srt", "vtt"];
    private static readonly string[] Srt = ["srt"];
    private static readonly string[] Vtt = ["vtt"];
    private static readonly string[] TwoGreetings = ["Good morning.", "Good night."];

    private Task<string> ShortVideoAsync() => Client.UploadIdAsync("video", "host.mp4", Media.ShortVideo(scratch));

    [Fact]
    public async Task Voices_lists_the_built_in_voices()
    {
        var voices = (await Client.JsonAsync("/api/voices")).EnumerateArray().ToList();

        Assert.Contains(voices, v => v.GetProperty("name").GetString() == "cmn" && v.GetProperty("kind").GetString() == "builtIn");
        Assert.Contains(voices, v => v.GetProperty("name").GetString() == "en-us" && v.GetProperty("description").GetString() == "English (America)");
    }

    [Fact]
    public async Task A_typed_script_renders_and_keeps_its_text_voice_and_subtitles()
    {
        var video = await ShortVideoAsync();

        using var response = await Client.PostAsJsonAsync("/api/jobs", new { text = "你好，明天见。", voice = "cmn", video, subtitles = SrtAndVtt });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await Client.WaitFinalAsync(id);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal("你好，明天见。", job.GetProperty("script").GetProperty("text").GetString());
        Assert.Equal("cmn", job.GetProperty("script").GetProperty("voice").GetString());
        Assert.Equal("host+你好-明天见.mp4", job.GetProperty("outputName").GetString());
        Assert.Equal(["srt", "vtt"], job.GetProperty("subtitles").EnumerateArray().Select(f => f.GetString()));

        using var srt = await Client.GetAsync(job.GetProperty("srtUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, srt.StatusCode);
        Assert.Equal("host+你好-明天见.srt", srt.Content.Headers.ContentDisposition!.FileNameStar);
        var cues = SubRip.Parse(await srt.Content.ReadAsStringAsync(), "srt");
        Assert.Equal(["你好，", "明天见。"], cues.Select(c => c.Text));
        var vtt = await Client.GetStringAsync(job.GetProperty("vttUrl").GetString());
        Assert.Equal(cues, WebVtt.Parse(vtt, "vtt"));
    }

    [Fact]
    public async Task A_batch_of_scripts_for_one_video_zips_each_result_with_its_subtitles()
    {
        var video = await ShortVideoAsync();

        using var response = await Client.PostAsJsonAsync("/api/batches",
            new { texts = TwoGreetings, voice = "en-us", videos = new[] { video }, subtitles = Srt });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        var jobs = batch.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(["host+Good-morning.mp4", "host+Good-night.mp4"], jobs.Select(j => j.GetProperty("outputName").GetString()));
        foreach (var job in jobs)
            Assert.Equal("done", (await Client.WaitFinalAsync(job.GetProperty("id").GetString()!)).GetProperty("state").GetString());
        using var zip = new ZipArchive(new MemoryStream(await Client.GetByteArrayAsync($"/api/batches/{batch.GetProperty("id").GetString()}/zip")));
        Assert.Equal(["host+Good-morning.mp4", "host+Good-morning.srt", "host+Good-night.mp4", "host+Good-night.srt"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_recording_s_subtitles_come_from_an_uploaded_script()
    {
        var script = await Client.UploadAsync("script", "words.txt", "One line of the speech, and another one."u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, script.StatusCode);
        var upload = await script.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("text", upload.GetProperty("script").GetProperty("format").GetString());
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(scratch));
        var video = await ShortVideoAsync();

        using var response = await Client.PostAsJsonAsync("/api/jobs",
            new { audio, video, script = upload.GetProperty("id").GetString(), subtitles = Vtt });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await Client.WaitFinalAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("state").GetString());
        var cues = WebVtt.Parse(await Client.GetStringAsync(job.GetProperty("vttUrl").GetString()), "vtt");
        Assert.Equal("One line of the speech, and another one.", string.Join(' ', cues.Select(c => c.Text)));
        Assert.True(job.GetProperty("srtUrl").ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"text":"Hello.","voice":"klingon"}""", "voice klingon is not installed")]
    [InlineData("""{"text":"   ","voice":"en-us"}""", "the script is empty")]
    [InlineData("""{"text":"Hello.","subtitles":["ass"]}""", "'ass' is not a subtitle format")]
    [InlineData("""{"text":"Hello.","voice":"service"}""", "no TTS service is configured")]
    [InlineData("""{"subtitles":["srt"],"audio":"AUDIO"}""", "subtitles need words")]
    [InlineData("""{"text":"Hello.","audio":"AUDIO"}""", "give the speech")]
    public async Task A_script_that_cannot_be_read_is_refused_with_a_problem_before_any_job(string body, string problem)
    {
        var video = await ShortVideoAsync();
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(scratch));
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body.Replace("AUDIO", audio, StringComparison.Ordinal))!;
        json["video"] = JsonSerializer.SerializeToElement(video);

        using var response = await Client.PostAsJsonAsync("/api/jobs", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(problem, detail, StringComparison.Ordinal);
        Assert.Empty(await Factory.Jobs.Store.ListAsync());
    }

    [Theory]
    [InlineData("bad.srt", "1\n00:00:01,000 --> 00:00:00,500\nbackwards\n", "bad.srt: line 2: the cue ends before it starts")]
    [InlineData("binary.txt", "RIFF\0\0\0\0WAVEfmt ", "binary.txt: is not a UTF-8 text file")]
    [InlineData("notes.doc", "hello", "notes.doc: a script must be one of .srt .vtt .txt")]
    public async Task A_script_upload_that_is_not_subtitles_or_text_is_refused(string name, string content, string problem)
    {
        using var response = await Client.UploadAsync("script", name, System.Text.Encoding.UTF8.GetBytes(content));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.StartsWith(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_scripts_voices_and_subtitles()
    {
        var document = await Client.JsonAsync("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("SubmitJob").GetProperty("properties").TryGetProperty("text", out _));
        Assert.True(schemas.GetProperty("SubmitBatch").GetProperty("properties").TryGetProperty("texts", out _));
        Assert.True(schemas.GetProperty("JobView").GetProperty("properties").TryGetProperty("srtUrl", out _));
        Assert.True(schemas.TryGetProperty("Voice", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/jobs/{id}/subtitles/{format}", out _));
    }
}
