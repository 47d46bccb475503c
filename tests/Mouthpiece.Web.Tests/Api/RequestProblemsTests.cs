using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>The requests the fault-injection run answered with empty 400s and 500s, each now a problem naming what to fix.</summary>
public sealed class RequestProblemsTests(Scratch scratch) : ApiTest(("Workers", "0")), IClassFixture<Scratch>
{
    [Theory]
    [InlineData("/api/jobs", "{}", "request.property_required", "video: is required")]
    [InlineData("/api/jobs", "{\"audio\":\"a\",\"video\":null}", "request.property_required", "video: is required")]
    [InlineData("/api/batches", "{\"audios\":[\"x\"]}", "request.property_required", "videos: is required")]
    [InlineData("/api/batches", "{\"audios\":[\"x\",null],\"videos\":[\"y\"]}", "request.item_required", "audios: item 1 is required")]
    [InlineData("/api/jobs/delete", "{}", "request.property_required", "ids: is required")]
    [InlineData("/api/jobs/delete", "{\"ids\":[null]}", "request.item_required", "ids: item 0 is required")]
    [InlineData("/api/jobs", "{\"audio\": 5, \"video\": \"v\"}", "request.body_value_invalid", "the body's value at $.audio")]
    [InlineData("/api/jobs", "{\"audio\": ", "request.body_", "the body")]
    [InlineData("/api/session", "null", "request.body_required", "this call takes a JSON body")]
    public async Task A_body_that_does_not_fit_its_call_is_a_400_problem_naming_the_property(string url, string body, string code, string detail)
    {
        using var response = await Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(code, problem.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_is_worded_in_the_language_the_request_asks_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        using var response = await Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("video：必填", problem.GetProperty("detail").GetString());
        Assert.Equal("video", problem.GetProperty("params").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/jobs?page=abc", "abc")]
    [InlineData("/api/system/log?lines=many", "many")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_problem_naming_it(string url, string value)
    {
        using var response = await Client.GetAsync(url);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(value, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/uploads?name=a.mp4")]
    [InlineData("/api/uploads?kind=video")]
    public async Task An_upload_without_kind_or_name_is_a_400_problem(string url)
    {
        using var response = await Client.PostAsync(url, new ByteArrayContent([1, 2, 3]));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_upload_name_with_a_huge_extension_is_refused_as_an_unknown_type()
    {
        using var response = await Client.UploadAsync("video", "clip." + new string('x', 200), [1, 2, 3]);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_heygem_submit_that_is_not_json_gets_the_heygem_envelope()
    {
        using var response = await Client.PostAsync("/easy/submit", new StringContent("audio=a&video=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10002, envelope.GetProperty("code").GetInt32());
        Assert.False(envelope.GetProperty("success").GetBoolean());
        Assert.NotEmpty(envelope.GetProperty("msg").GetString()!);
    }

    [Fact]
    public async Task An_unwritable_uploads_folder_is_a_507_problem_naming_the_folder_not_its_path()
    {
        await File.WriteAllTextAsync(Path.Combine(Factory.DataRoot, "uploads"), "a file where the folder should be");

        using var response = await Client.UploadAsync("video", "talk.mp4", await File.ReadAllBytesAsync(Media.Video));

        var detail = (await ProblemAsync(response, HttpStatusCode.InsufficientStorage)).GetProperty("detail").GetString()!;
        Assert.Contains("uploads folder", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.DataRoot, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_inputs_folder_is_a_507_problem_when_a_job_is_submitted()
    {
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(scratch));
        var video = await Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        var inputs = Path.Combine(Factory.DataRoot, "inputs");
        Directory.Delete(inputs, recursive: true);
        await File.WriteAllTextAsync(inputs, "a file where the folder should be");

        using var response = await Client.PostAsJsonAsync("/api/jobs", new { audio, video });

        var detail = (await ProblemAsync(response, HttpStatusCode.InsufficientStorage)).GetProperty("detail").GetString()!;
        Assert.Contains("inputs folder", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_calls_get_a_429_problem_that_says_when_to_come_back()
    {
        using var limited = new MouthpieceFactory(("Workers", "0"), ("RequestsPerMinute", "2"));
        using var client = limited.CreateClient();
        for (var i = 0; i < 2; i++)
            (await client.GetAsync("/api/session")).Dispose();

        using var response = await client.GetAsync("/api/session");

        await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
    }

    [Fact]
    public async Task An_unknown_route_and_a_wrong_method_are_problems()
    {
        using (var missing = await Client.GetAsync("/api/nothing-here"))
            await ProblemAsync(missing, HttpStatusCode.NotFound);
        using var wrongMethod = await Client.PutAsync("/api/jobs", new StringContent("{}"));
        await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_log_aClient_sees_has_no_stack_traces_and_no_server_paths()
    {
        var log = Path.Combine(Factory.DataRoot, "logs", "mouthpiece.log");
        _ = Factory.Services;
        await File.AppendAllTextAsync(log, string.Join('\n',
            "2026-01-01 10:00:00.000 [ERR] Mouthpiece: render failed reading /srv/mouthpiece/data/inputs/abc.mp4",
            "System.IO.IOException: disk error at /srv/mouthpiece/data/inputs/abc.mp4",
            "   at Mouthpiece.Media.RawVideoReader.ReadAsync(VideoFrame frame) in /home/build/src/Mouthpiece.Core/Media/RawVideoReader.cs:line 70",
            "--- End of stack trace from previous location ---",
            "   at Mouthpiece.Jobs.JobExecution.RunAsync()",
            "2026-01-01 10:00:01.000 [INF] Mouthpiece: next line") + "\n");

        var lines = (await Client.JsonAsync("/api/system/log")).GetProperty("lines").EnumerateArray().Select(line => line.GetString()!).ToList();

        Assert.Contains(lines, line => line.EndsWith("render failed reading abc.mp4", StringComparison.Ordinal));
        Assert.Contains("System.IO.IOException: disk error at abc.mp4", lines);
        Assert.DoesNotContain(lines, line => line.Contains(" at Mouthpiece.", StringComparison.Ordinal) || line.Contains("/srv/", StringComparison.Ordinal) || line.Contains("/home/", StringComparison.Ordinal));
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
