using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>A server without workers: jobs stay queued, so cancel, retry, delete and paging are deterministic.</summary>
public sealed class QueueTests : IClassFixture<Scratch>, IDisposable
{
    private readonly MouthpieceFactory _factory = new(("Workers", "0"));
    private readonly HttpClient _client;
    private readonly Scratch _scratch;

    public QueueTests(Scratch scratch)
    {
        _scratch = scratch;
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<(string Audio, string Video)> UploadPairAsync() =>
        (await _client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(_scratch)), await _client.UploadIdAsync("video", "talk.mp4", Media.Video));

    private async Task<JsonElement> SubmitAsync(string audio, string video)
    {
        using var response = await _client.PostAsJsonAsync("/api/jobs", new { audio, video });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/api/jobs/" + job.GetProperty("id").GetString(), response.Headers.Location!.ToString());
        return job;
    }

    [Fact]
    public async Task Cancel_then_retry_then_delete()
    {
        var (audio, video) = await UploadPairAsync();
        var id = (await SubmitAsync(audio, video)).GetProperty("id").GetString()!;
        Assert.Equal("queued", (await _client.JsonAsync($"/api/jobs/{id}")).GetProperty("state").GetString());

        using var cancel = await _client.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("canceled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        using var retry = await _client.PostAsync($"/api/jobs/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("queued", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        using var output = await _client.GetAsync($"/api/jobs/{id}/output");
        Assert.Equal(HttpStatusCode.NotFound, output.StatusCode);

        using var delete = await _client.DeleteAsync($"/api/jobs/{id}");
        Assert.True(HttpStatusCode.NoContent == delete.StatusCode, await delete.Content.ReadAsStringAsync());
        using var gone = await _client.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Batch_of_many_audios_and_one_video_can_be_canceled_whole()
    {
        var (audio, video) = await UploadPairAsync();
        var second = await _client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(_scratch));
        using var response = await _client.PostAsJsonAsync("/api/batches", new { audios = new[] { audio, second }, videos = new[] { video } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = batch.GetProperty("id").GetString()!;
        // Named by the rule and never twice the same, whatever this server made before.
        var names = batch.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("outputName").GetString()!).ToList();
        Assert.All(names, name => Assert.Matches(@"^talk\+speech( \(\d+\))?\.mp4$", name));
        Assert.Equal(2, names.Distinct().Count());

        using var cancel = await _client.PostAsync($"/api/batches/{id}/cancel", null);
        var canceled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(canceled.GetProperty("jobs").EnumerateArray(), j => Assert.Equal("canceled", j.GetProperty("state").GetString()));
        Assert.Equal((0, 0, 2), (canceled.GetProperty("done").GetInt32(), canceled.GetProperty("failed").GetInt32(), canceled.GetProperty("canceled").GetInt32()));
        using var zip = await _client.GetAsync($"/api/batches/{id}/zip");
        Assert.Equal(HttpStatusCode.NotFound, zip.StatusCode);
        using var unknown = await _client.GetAsync("/api/batches/ffffffffffffffff");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task History_pages_ten_newest_first_and_deletes_a_selection()
    {
        var (audio, video) = await UploadPairAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
            ids.Add((await SubmitAsync(audio, video)).GetProperty("id").GetString()!);

        var first = await _client.JsonAsync("/api/jobs?page=1");
        Assert.Equal(12, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("pages").GetInt32());
        var firstIds = first.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse().Take(10), firstIds);
        var second = await _client.JsonAsync("/api/jobs?page=2");
        Assert.Equal([ids[1], ids[0]], second.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        using var delete = await _client.PostAsJsonAsync("/api/jobs/delete", new { ids = new[] { ids[0], ids[1], "not-a-job" } });
        var deleted = await delete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([ids[0], ids[1]], deleted.GetProperty("ids").EnumerateArray().Select(j => j.GetString()));
        var after = await _client.JsonAsync("/api/jobs?page=2");
        Assert.Equal(1, after.GetProperty("pages").GetInt32());
        Assert.Equal(1, after.GetProperty("page").GetInt32());
        Assert.Equal(10, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Queued_jobs_tell_their_place_in_line_and_expected_start_and_the_batch_its_time_left()
    {
        var (audio, video) = await UploadPairAsync();
        var audios = new[] { audio, await _client.UploadIdAsync("audio", "b.wav", Media.ShortSpeech(_scratch)), await _client.UploadIdAsync("audio", "c.wav", Media.ShortSpeech(_scratch)) };
        using var response = await _client.PostAsJsonAsync("/api/batches", new { audios, videos = new[] { video } });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var batch = await _client.JsonAsync($"/api/batches/{id}");

        var jobs = batch.GetProperty("jobs").EnumerateArray().OrderBy(job => job.GetProperty("queuePosition").GetInt32()).ToList();
        Assert.Equal([1, 2, 3], jobs.Select(job => job.GetProperty("queuePosition").GetInt32()));
        var starts = jobs.Select(job => job.GetProperty("startsInSeconds").GetDouble()).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.True(starts[^1] > 0, "the third job waits for one of the two slots");
        var lefts = jobs.Select(job => job.GetProperty("remainingSeconds").GetDouble()).ToList();
        Assert.Equal(lefts.Max(), batch.GetProperty("remainingSeconds").GetDouble());
        var single = await _client.JsonAsync($"/api/jobs/{jobs[2].GetProperty("id").GetString()}");
        Assert.Equal(3, single.GetProperty("queuePosition").GetInt32());
    }

    [Fact]
    public async Task System_status_counts_the_queue_and_tails_the_log()
    {
        var (audio, video) = await UploadPairAsync();
        var jobId = (await SubmitAsync(audio, video)).GetProperty("id").GetString()!;
        var status = await _client.JsonAsync("/api/system");
        Assert.True(status.GetProperty("cpu").GetProperty("cores").GetInt32() >= 1);
        Assert.True(status.GetProperty("memory").GetProperty("totalBytes").GetInt64() > 0);
        Assert.True(status.GetProperty("disk").GetProperty("freeBytes").GetInt64() > 0);
        Assert.True(status.GetProperty("queue").GetProperty("queued").GetInt32() >= 1);
        Assert.Equal(0, status.GetProperty("workers").GetInt32());
        Assert.Equal(File.Exists("/usr/bin/nvidia-smi"), status.GetProperty("gpus").ValueKind == JsonValueKind.Array);

        var log = await _client.JsonAsync("/api/system/log?lines=50");
        var lines = log.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.InRange(lines.Count, 1, 50);
        Assert.Contains(lines, line => line.Contains("accepted", StringComparison.Ordinal));

        var jobLog = await _client.JsonAsync($"/api/system/log?job={jobId}");
        var jobLines = jobLog.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.NotEmpty(jobLines);
        Assert.All(jobLines, line => Assert.Contains("job=" + jobId, line, StringComparison.Ordinal));
        Assert.Empty((await _client.JsonAsync("/api/system/log?job=..%2Fmouthpiece")).GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task System_history_has_a_sample_at_once_and_keeps_an_hour_of_them()
    {
        var history = await _client.JsonAsync("/api/system/history");
        for (var tries = 0; history.GetProperty("samples").GetArrayLength() == 0 && tries < 50; tries++)
        {
            await Task.Delay(200);
            history = await _client.JsonAsync("/api/system/history");
        }
        Assert.Equal(10, history.GetProperty("intervalSeconds").GetDouble());
        var sample = history.GetProperty("samples").EnumerateArray().Last();
        Assert.InRange(sample.GetProperty("cpuPercent").GetDouble(), 0, 100);
        Assert.InRange(sample.GetProperty("memoryPercent").GetDouble(), 0.1, 100);
        Assert.True(sample.GetProperty("queued").GetInt32() >= 0);
        Assert.True(sample.GetProperty("finishedPerMinute").GetInt32() >= 0);
        Assert.True(DateTimeOffset.UtcNow - sample.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
    }
}
