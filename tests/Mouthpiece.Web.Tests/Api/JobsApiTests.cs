using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mouthpiece.Media;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Batches, outputs, the zip, thumbnails and live events, on one real rendered batch.</summary>
public sealed class JobsApiTests(RenderedBatch batch) : IClassFixture<RenderedBatch>
{
    private HttpClient Client => batch.Client;

    [Fact]
    public async Task Batch_lists_its_items_in_order_named_video_plus_audio()
    {
        var view = await Client.JsonAsync($"/api/batches/{batch.BatchId}");
        var jobs = view.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(batch.JobIds, jobs.Select(j => j.GetProperty("id").GetString()));
        Assert.Equal(2, view.GetProperty("done").GetInt32());
        Assert.Equal("evil+speech.mp4", jobs[0].GetProperty("outputName").GetString());
        Assert.Equal("evil.mp4", jobs[0].GetProperty("videoName").GetString());
        Assert.Equal("speech.wav", jobs[0].GetProperty("audioName").GetString());
        Assert.Equal("talk+speech.mp4", jobs[1].GetProperty("outputName").GetString());
        Assert.All(jobs, j => Assert.Equal($"/api/jobs/{j.GetProperty("id").GetString()}/output", j.GetProperty("outputUrl").GetString()));
    }

    [Fact]
    public async Task Batch_items_keep_their_output_settings_and_are_made_at_the_chosen_size()
    {
        foreach (var id in batch.JobIds)
        {
            var job = await Client.JsonAsync($"/api/jobs/{id}");
            var output = job.GetProperty("output");
            Assert.Equal(("720", "draft", "loop"), (output.GetProperty("size").GetString(), output.GetProperty("quality").GetString(), output.GetProperty("longAudio").GetString()));
            var file = batch.Scratch.File($"{id}.mp4");
            await File.WriteAllBytesAsync(file, await Client.GetByteArrayAsync($"/api/jobs/{id}/output"));
            var video = (await MediaProbe.ProbeAsync(file)).Video!;
            Assert.Equal((768, 720), (video.Width, video.Height));
        }
    }

    [Fact]
    public async Task Each_result_has_its_sync_report_and_a_chart_in_either_language()
    {
        var batchView = await Client.JsonAsync($"/api/batches/{batch.BatchId}");
        Assert.All(batchView.GetProperty("jobs").EnumerateArray(), j => Assert.Equal(JsonValueKind.Object, j.GetProperty("sync").ValueKind));
        var sync = (await Client.JsonAsync($"/api/jobs/{batch.JobIds[1]}")).GetProperty("sync");

        // The drawn mouth follows real speech: the score is clearly positive, the lag within the searched ±15 frames.
        Assert.InRange(sync.GetProperty("score").GetDouble(), 0.2, 1.0);
        Assert.InRange(sync.GetProperty("lagFrames").GetInt32(), -15, 15);
        var chart = sync.GetProperty("chartUrl").GetString()!;
        Assert.Equal($"/api/jobs/{batch.JobIds[1]}/sync.png", chart);
        using var english = await Client.GetAsync(chart + "?lang=en");
        Assert.Equal("image/png", english.Content.Headers.ContentType!.MediaType);
        var png = await english.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((960, 360), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        var chinese = await Client.GetByteArrayAsync(chart + "?lang=zh-CN");
        Assert.NotEqual(png, chinese);
        using var unknown = await Client.GetAsync("/api/jobs/nope/sync.png");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("size", "4k", "output.unknown_size")]
    [InlineData("quality", "best", "output.unknown_quality")]
    [InlineData("longAudio", "bounce", "output.unknown_long_audio")]
    public async Task An_unknown_output_setting_is_400_naming_it(string field, string value, string code)
    {
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(batch.Scratch));
        var video = await Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        var body = new Dictionary<string, object> { ["audio"] = audio, ["video"] = video, [field] = value };

        using var response = await Client.PostAsJsonAsync("/api/jobs", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(value, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_is_an_attachment_that_a_player_can_seek_by_range()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{batch.JobIds[0]}/output");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(100, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("evil+speech.mp4", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);

        var whole = await Client.GetByteArrayAsync($"/api/jobs/{batch.JobIds[0]}/output");
        Assert.Equal("ftyp"u8.ToArray(), whole[4..8]);
    }

    [Fact]
    public async Task Zip_holds_every_output_under_a_bare_name_even_when_the_upload_was_named_with_dot_dot()
    {
        using var response = await Client.GetAsync($"/api/batches/{batch.BatchId}/zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["evil+speech.mp4", "talk+speech.mp4"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            Assert.DoesNotContain("/", entry.FullName, StringComparison.Ordinal);
            Assert.DoesNotContain("..", entry.FullName, StringComparison.Ordinal);
            await using var content = entry.Open();
            var header = new byte[8];
            await content.ReadExactlyAsync(header);
            Assert.Equal("ftyp"u8.ToArray(), header[4..8]);
        }
        var target = batch.Scratch.File("unzipped");
        zip.ExtractToDirectory(target);
        Assert.Equal(2, Directory.GetFiles(target).Length);
    }

    [Fact]
    public async Task Zip_of_an_unknown_batch_is_404()
    {
        using var response = await Client.GetAsync("/api/batches/..%2F..%2Fjobs.db/zip");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Thumbnail_is_a_jpeg_of_the_output()
    {
        using var response = await Client.GetAsync($"/api/jobs/{batch.JobIds[1]}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [Fact]
    public async Task History_shows_the_outputs_duration_from_the_render_report()
    {
        var page = await Client.JsonAsync("/api/jobs?page=1");
        var item = page.GetProperty("items").EnumerateArray().First(j => j.GetProperty("id").GetString() == batch.JobIds[0]);
        Assert.InRange(item.GetProperty("durationSeconds").GetDouble(), 1.3, 1.7);
    }

    [Fact]
    public async Task Events_stream_announces_ready_then_each_job_change()
    {
        using var events = await Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        Assert.Equal("event: ready", await reader.ReadLineAsync());

        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(batch.Scratch));
        var video = await Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        using var submitted = await Client.PostAsJsonAsync("/api/jobs", new { audio, video });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("data: {", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement.GetProperty("id").GetString() == id)
                break;
        Assert.False(timeout.IsCancellationRequested);
        await Client.WaitFinalAsync(id);
    }

    [Fact]
    public async Task A_finished_job_cannot_be_canceled_or_retried()
    {
        using var retryDone = await Client.PostAsync($"/api/jobs/{batch.JobIds[0]}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, retryDone.StatusCode);
        using var cancelDone = await Client.PostAsync($"/api/jobs/{batch.JobIds[0]}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancelDone.StatusCode);
        using var unknown = await Client.PostAsync("/api/jobs/0000000000000000/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Submitting_with_an_unknown_or_path_like_upload_id_is_404()
    {
        var audio = await Client.UploadIdAsync("audio", "speech.wav", Media.ShortSpeech(batch.Scratch));
        foreach (var video in new[] { "nope", "../../jobs.db", "/etc/passwd" })
        {
            using var response = await Client.PostAsJsonAsync("/api/jobs", new { audio, video });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        string[] videos = ["a", "b"];
        using var badBatch = await Client.PostAsJsonAsync("/api/batches", new { audios = new[] { audio, audio }, videos });
        Assert.Equal(HttpStatusCode.BadRequest, badBatch.StatusCode);
    }
}
