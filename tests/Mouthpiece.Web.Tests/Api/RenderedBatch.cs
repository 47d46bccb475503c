using System.Net.Http.Json;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>
/// One server with one finished batch: a speech cut read by the talking clip twice, uploaded under
/// hostile names ("../" and a folder), so downloads and the zip can be checked against them; made at 720p with the
/// draft quality and looping, so the output settings can be checked on real outputs.
/// </summary>
public sealed class RenderedBatch : IAsyncLifetime
{
    public const string HostileVideoName = "../../../etc/cron.d/evil.mp4";

    public MouthpieceFactory Factory { get; } = new();

    public Scratch Scratch { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string BatchId { get; private set; } = "";

    public IReadOnlyList<string> JobIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        var audio = await Client.UploadIdAsync("audio", "../speech.wav", Media.ShortSpeech(Scratch));
        var hostile = await Client.UploadIdAsync("video", HostileVideoName, Media.Video);
        var plain = await Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        using var response = await Client.PostAsJsonAsync("/api/batches", new { audios = new[] { audio }, videos = new[] { hostile, plain }, size = "720", quality = "draft", longAudio = "loop" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        BatchId = batch.GetProperty("id").GetString()!;
        JobIds = [.. batch.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("id").GetString()!)];
        foreach (var id in JobIds)
            Assert.Equal("done", (await Client.WaitFinalAsync(id)).GetProperty("state").GetString());
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        Scratch.Dispose();
        return Task.CompletedTask;
    }
}
