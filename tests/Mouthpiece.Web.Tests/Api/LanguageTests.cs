using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mouthpiece.Messages;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>
/// Every refusal and error goes out as a code with parameters, and as a message in the language the request
/// asks for (Accept-Language); the page gets the same catalogs the server words with.
/// </summary>
public sealed class LanguageTests(Scratch scratch) : ApiTest(("Workers", "1")), IClassFixture<Scratch>
{
    [Fact]
    public async Task A_refused_upload_is_english_by_default_and_chinese_when_asked_with_the_same_code()
    {
        var english = await RefusedUploadAsync(null);
        var chinese = await RefusedUploadAsync("zh-CN,zh;q=0.9,en;q=0.8");

        Assert.Equal("upload.content_text", english.GetProperty("code").GetString());
        Assert.Equal(english.GetProperty("code").GetString(), chinese.GetProperty("code").GetString());
        Assert.Equal(".mp4", chinese.GetProperty("params").GetProperty("extension").GetString());
        Assert.Equal("cat.mp4: the name says .mp4 but the content is text (an HTML page or a script?)", english.GetProperty("message").GetString());
        Assert.Equal(english.GetProperty("message").GetString(), english.GetProperty("detail").GetString());
        Assert.Equal("cat.mp4：文件名是 .mp4，但内容是文本（网页或脚本？）", chinese.GetProperty("message").GetString());
        Assert.Equal(chinese.GetProperty("message").GetString(), chinese.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_first_language_by_quality_wins_and_an_unknown_one_is_english()
    {
        Assert.Contains("文本", (await RefusedUploadAsync("fr;q=0.5, zh-TW;q=0.9")).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("text", (await RefusedUploadAsync("fr-FR")).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_on_a_faceless_video_says_why_in_either_language()
    {
        var faceless = scratch.Ffmpeg("pattern.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=300:duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(scratch));
        var video = await Client.UploadIdAsync("video", "noface.mp4", faceless);
        using var submitted = await Client.PostAsJsonAsync("/api/jobs", new { audio, video });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("failed", (await Client.WaitFinalAsync(id)).GetProperty("state").GetString());

        var english = (await JobAsync(id, "en-US")).GetProperty("error");
        var chineseJob = await JobAsync(id, "zh-CN");
        var chinese = chineseJob.GetProperty("error");

        Assert.Equal("job.video_problem", english.GetProperty("code").GetString());
        Assert.Equal("noface.mp4", english.GetProperty("params").GetProperty("name").GetString());
        Assert.Equal("input.no_face", english.GetProperty("params").GetProperty("problem").GetProperty("code").GetString());
        Assert.Equal("video noface.mp4: no face found: the video must show a face", english.GetProperty("message").GetString());
        Assert.Equal("视频 noface.mp4：未找到人脸：视频中必须有一张脸", chinese.GetProperty("message").GetString());
        Assert.Equal("stage.failed", chineseJob.GetProperty("stage").GetProperty("code").GetString());
        Assert.Equal("失败", chineseJob.GetProperty("stage").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_refused_action_on_a_job_is_a_problem_with_a_code()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/batches", "zh-CN", JsonContent.Create(new { audios = Array.Empty<string>(), videos = Array.Empty<string>() }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("batch.shape", problem.GetProperty("code").GetString());
        Assert.Equal("批量任务只能是一段语音配多个视频，或多段语音配一个视频", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task HeyGem_keeps_its_envelope_with_msg_in_the_asked_language()
    {
        using var english = await SendAsync(HttpMethod.Post, "/easy/submit", "en", JsonContent.Create(new { audio_url = "a.wav", video_url = "v.mp4" }));
        using var chinese = await SendAsync(HttpMethod.Post, "/easy/submit", "zh-CN", JsonContent.Create(new { audio_url = "a.wav", video_url = "v.mp4" }));

        var englishAnswer = await english.Content.ReadFromJsonAsync<JsonElement>();
        var chineseAnswer = await chinese.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10002, chineseAnswer.GetProperty("code").GetInt32());
        Assert.False(chineseAnswer.GetProperty("success").GetBoolean());
        Assert.Equal("code is required (at most 128 characters)", englishAnswer.GetProperty("msg").GetString());
        Assert.Equal("必须提供 code（最多 128 个字符）", chineseAnswer.GetProperty("msg").GetString());
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_page_gets_the_catalog_the_server_words_with(string language)
    {
        var served = await Client.JsonAsync($"/i18n/{language}.json");
        var texts = Catalog.For(language).Texts;
        Assert.Equal(texts.Count, served.EnumerateObject().Count());
        Assert.All(served.EnumerateObject(), text => Assert.Equal(texts[text.Name], text.Value.GetString()));
        using var unknown = await Client.GetAsync("/i18n/fr.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<JsonElement> RefusedUploadAsync(string? acceptLanguage)
    {
        using var body = new ByteArrayContent("<!doctype html><p>not a video</p>"u8.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, "/api/uploads?kind=video&name=cat.mp4", acceptLanguage, body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> JobAsync(string id, string acceptLanguage)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/jobs/{id}", acceptLanguage);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? acceptLanguage, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (acceptLanguage is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        return await Client.SendAsync(request);
    }
}
