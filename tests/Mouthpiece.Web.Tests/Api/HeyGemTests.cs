using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>HeyGem's submit/query pair, with files from the inbox only.</summary>
public sealed class HeyGemTests : IClassFixture<Scratch>, IDisposable
{
    private readonly MouthpieceFactory factory = new();
    private readonly HttpClient client;
    private readonly Scratch scratch;

    public HeyGemTests(Scratch scratch)
    {
        this.scratch = scratch;
        client = factory.CreateClient();
        Directory.CreateDirectory(Path.Combine(factory.Inbox, "clips"));
        File.Copy(Media.ShortSpeech(scratch), Path.Combine(factory.Inbox, "speech.wav"));
        File.Copy(Media.Video, Path.Combine(factory.Inbox, "clips", "talk.mp4"));
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    private async Task<JsonElement> SubmitAsync(string? audio, string? video, string? code)
    {
        using var response = await client.PostAsJsonAsync("/easy/submit", new { audio_url = audio, video_url = video, code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> QueryAsync(string code) => await client.JsonAsync($"/easy/query?code={Uri.EscapeDataString(code)}");

    [Fact]
    public async Task Submit_then_query_until_done_and_download_the_result()
    {
        var submitted = await SubmitAsync("speech.wav", Path.Combine(factory.Inbox, "clips", "talk.mp4"), "task-001");
        Assert.Equal(10000, submitted.GetProperty("code").GetInt32());
        Assert.True(submitted.GetProperty("success").GetBoolean());

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        JsonElement data;
        var timesLeft = new List<(double Seconds, string Message)>();
        do
        {
            var answer = await QueryAsync("task-001");
            Assert.Equal(10000, answer.GetProperty("code").GetInt32());
            data = answer.GetProperty("data");
            Assert.InRange(data.GetProperty("progress").GetInt32(), 0, 100);
            if (data.GetProperty("status").GetInt32() != 1)
                break;
            if (data.GetProperty("remaining_seconds").ValueKind == JsonValueKind.Number)
                timesLeft.Add((data.GetProperty("remaining_seconds").GetDouble(), data.GetProperty("msg").GetString()!));
            await Task.Delay(300);
        }
        while (DateTime.UtcNow < deadline);

        // While it runs, the query tells the time left the page shows, in numbers and in its message.
        Assert.NotEmpty(timesLeft);
        Assert.All(timesLeft, left => Assert.EndsWith(" left", left.Message, StringComparison.Ordinal));

        Assert.Equal(2, data.GetProperty("status").GetInt32());
        Assert.Equal(100, data.GetProperty("progress").GetInt32());
        var result = data.GetProperty("result").GetString()!;
        var bytes = await client.GetByteArrayAsync(result);
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);

        var duplicate = await SubmitAsync("speech.wav", "clips/talk.mp4", "task-001");
        Assert.Equal(10002, duplicate.GetProperty("code").GetInt32());
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
    [InlineData("")]
    public async Task Files_outside_the_inbox_or_urls_are_refused_and_no_job_is_made(string video)
    {
        var answer = await SubmitAsync("speech.wav", video, "escape");
        Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        Assert.Equal(10004, (await QueryAsync("escape")).GetProperty("code").GetInt32());
        Assert.Empty(await factory.Jobs.Store.ListAsync());
    }

    [Fact]
    public async Task A_symbolic_link_in_the_inbox_is_not_followed()
    {
        var outside = scratch.WriteText("secret.mp4", "not for you");
        File.CreateSymbolicLink(Path.Combine(factory.Inbox, "link.mp4"), outside);
        Directory.CreateSymbolicLink(Path.Combine(factory.Inbox, "linked-dir"), scratch.Root);
        foreach (var video in new[] { "link.mp4", "linked-dir/secret.mp4" })
        {
            var answer = await SubmitAsync("speech.wav", video, "link");
            Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        }
        Assert.Empty(await factory.Jobs.Store.ListAsync());
    }

    [Fact]
    public async Task Html_in_the_inbox_named_mp4_is_refused()
    {
        await File.WriteAllTextAsync(Path.Combine(factory.Inbox, "page.mp4"), "<html><body>hi</body></html>");
        var answer = await SubmitAsync("speech.wav", "page.mp4", "html");
        Assert.Equal(10002, answer.GetProperty("code").GetInt32());
        Assert.Contains("text", answer.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }
}
