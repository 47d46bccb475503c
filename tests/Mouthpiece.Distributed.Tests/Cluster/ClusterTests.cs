using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mouthpiece.Distributed.RabbitMq;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using RabbitMQ.Client;

namespace Mouthpiece.Distributed.Tests.Cluster;

/// <summary>
/// The many-machines mode end to end, with real processes and the real services: submissions through one web node,
/// renders by two worker processes, live events on another node, and the faults a cluster meets (a worker killed,
/// the broker or the database restarted, a message delivered twice, a cancel from another node).
/// </summary>
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_batch_submitted_through_one_node_is_rendered_by_both_workers_and_watched_live_on_another()
    {
        await using var watch = await EventWatch.StartAsync(cluster.WebB.Http);
        var batch = await SubmitBatchAsync(4);

        var jobs = await WaitAllFinalAsync(batch);

        Assert.All(jobs, job => Assert.Equal(JobState.Done, job.State));
        await AssertOneValidOutputEachAsync(jobs);
        var renderers = jobs.Select(job => StartedBy(job).Single()).Select(worker => worker[..worker.LastIndexOf(':')]).Distinct();
        Assert.Equal(2, renderers.Count());
        foreach (var job in jobs)
        {
            var seen = watch.UpdatesOf(job.Id);
            Assert.Contains(seen, update => update.State == "rendering" && update.Progress is > 0 and < 100);
            Assert.Contains(seen, update => update.State == "done");
        }
        var system = await cluster.WebB.Http.GetFromJsonAsync<JsonElement>("/api/system");
        Assert.Equal("cluster", system.GetProperty("mode").GetString());
        Assert.Equal(2, system.GetProperty("workerProcesses").GetArrayLength());
    }

    [Fact]
    public async Task A_worker_killed_mid_job_leaves_the_job_to_the_other_which_finishes_it_once()
    {
        var job = (await SubmitBatchAsync(1, cluster.LongSpeech))[0];
        var running = await WaitUntilAsync(job, j => j is { State: JobState.Rendering, Progress: > 5 } && cluster.WorkerHolding(j) is not null);
        var victim = cluster.WorkerHolding(running)!;

        victim.Kill();
        cluster.Workers.Remove(victim);
        var done = (await WaitAllFinalAsync([job]))[0];

        Assert.Equal(JobState.Done, done.State);
        Assert.Equal(2, done.Attempts);
        await AssertOneValidOutputEachAsync([done]);
        Assert.Equal(2, StartedBy(done).Distinct().Count());
        await cluster.StartWorkerAsync();
        await cluster.WaitForWorkersAsync(2);
    }

    [Fact]
    public async Task Every_job_of_a_batch_finishes_once_when_RabbitMQ_restarts_mid_batch()
    {
        var batch = await SubmitBatchAsync(4);
        await WaitUntilAsync(batch[0], job => job.State == JobState.Rendering);

        ClusterFixture.RestartService("rabbitmq");
        var jobs = await WaitAllFinalAsync(batch);

        Assert.All(jobs, job => Assert.Equal((JobState.Done, 1), (job.State, job.Attempts)));
        await AssertOneValidOutputEachAsync(jobs);
    }

    [Fact]
    public async Task Every_job_of_a_batch_finishes_once_when_PostgreSQL_restarts_mid_batch()
    {
        var batch = await SubmitBatchAsync(4);
        await WaitUntilAsync(batch[0], job => job.State == JobState.Rendering);

        ClusterFixture.RestartService("postgres");
        var jobs = await WaitAllFinalAsync(batch);

        Assert.All(jobs, job => Assert.Equal(JobState.Done, job.State));
        await AssertOneValidOutputEachAsync(jobs);
    }

    [Fact]
    public async Task A_wake_up_delivered_twice_runs_the_job_once_and_a_poison_message_is_dead_lettered()
    {
        await using var broker = await RabbitBroker.ConnectAsync(ClusterFixture.Broker, "test");
        await using var channel = await broker.Connection.CreateChannelAsync();
        var job = (await SubmitBatchAsync(1))[0];
        // The submission published one wake-up; these are the same message again, as a redelivery would bring it.
        for (var i = 0; i < 3; i++)
            await channel.BasicPublishAsync("", RabbitBroker.WorkQueue, RabbitDispatch.WakeUp);
        await channel.BasicPublishAsync("", RabbitBroker.WorkQueue, "rm -rf /"u8.ToArray());

        var done = (await WaitAllFinalAsync([job]))[0];

        Assert.Equal((JobState.Done, 1), (done.State, done.Attempts));
        await AssertOneValidOutputEachAsync([done]);
        var deadline = Stopwatch.StartNew();
        while (await channel.MessageCountAsync(RabbitBroker.DeadLetterQueue) == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        Assert.Equal(1u, await channel.MessageCountAsync(RabbitBroker.DeadLetterQueue));
    }

    [Fact]
    public async Task A_cancel_through_one_node_reaches_the_worker_holding_the_job_within_two_seconds()
    {
        var job = (await SubmitBatchAsync(1, cluster.LongSpeech))[0];
        await WaitUntilAsync(job, j => j is { State: JobState.Rendering, Progress: > 5 });

        var clock = Stopwatch.StartNew();
        using var response = await cluster.WebB.Http.PostAsync($"/api/jobs/{job}/cancel", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        // The event from the other node or the worker's next heartbeat, whichever comes first, stops it and says so.
        await WaitForLogLineAsync(job, "canceled: stopping");
        var reached = clock.Elapsed;
        var canceled = (await WaitAllFinalAsync([job]))[0];

        Assert.True(reached < TimeSpan.FromSeconds(2), $"the cancel reached the worker {reached.TotalSeconds:0.0} s after it was asked for");
        Assert.Equal(JobState.Canceled, canceled.State);
        await WaitForLogLineAsync(job, "stopped: the job was canceled");
        Assert.False(File.Exists(canceled.OutputPath));
    }

    private async Task<IReadOnlyList<string>> SubmitBatchAsync(int items, string? speech = null)
    {
        var audio = await UploadAsync("audio", "speech.wav", speech ?? cluster.Speech);
        var video = await UploadAsync("video", "talking.mp4", ClusterFixture.Video);
        using var response = await cluster.WebA.Http.PostAsJsonAsync("/api/batches", new { audios = new[] { audio }, videos = Enumerable.Repeat(video, items).ToArray() });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. batch.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("id").GetString()!)];
    }

    private async Task<string> UploadAsync(string kind, string name, string path)
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await cluster.WebA.Http.PostAsync($"/api/uploads?kind={kind}&name={name}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<Job> WaitUntilAsync(string jobId, Func<Job, bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await cluster.JobStore.GetAsync(jobId) is { } job && condition(job))
                return job;
            Assert.True(deadline.Elapsed < Patience, $"job {jobId} did not get there: {(await cluster.JobStore.GetAsync(jobId))?.State}");
            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<Job>> WaitAllFinalAsync(IReadOnlyList<string> jobIds)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var jobs = await Task.WhenAll(jobIds.Select(id => cluster.JobStore.GetAsync(id)));
                if (jobs.All(job => job?.IsFinal == true))
                    return jobs!;
                Assert.True(deadline.Elapsed < Patience, "jobs did not finish: " + string.Join("; ", jobs.Select(j => $"{j?.Id} {j?.State} {j?.Stage}")));
            }
            catch (Npgsql.NpgsqlException)
            {
                // The test restarts PostgreSQL: look again.
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Each job's output is a whole, playable MP4 as long as the speech, written once, and no partial file is left.</summary>
    private async Task AssertOneValidOutputEachAsync(IReadOnlyList<Job> jobs)
    {
        foreach (var job in jobs)
        {
            var info = await MediaProbe.ProbeVideoAsync(job.OutputPath);
            Assert.True(info.Duration.TotalSeconds > 1.5, $"{job.Id}: output of {info.Duration.TotalSeconds:0.00} s");
            await OutputFile.VerifyVideoAsync(job.OutputPath, null, default);
            Assert.Single(JobLogLines(job.Id), line => line.Contains(" done in ", StringComparison.Ordinal));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(cluster.DataRoot, "outputs"), "*partial*"));
    }

    /// <summary>The workers that started the job, from its log (one line per attempt).</summary>
    private IReadOnlyList<string> StartedBy(Job job) =>
        [.. JobLogLines(job.Id).Where(line => line.Contains(" started, attempt ", StringComparison.Ordinal))
            .Select(line => line.Split(' ').First(part => part.StartsWith("worker=", StringComparison.Ordinal))["worker=".Length..])];

    private string[] JobLogLines(string jobId)
    {
        var path = Path.Combine(cluster.DataRoot, "logs", "jobs", jobId + ".log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    private async Task WaitForLogLineAsync(string jobId, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!JobLogLines(jobId).Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < Patience, $"no '{text}' in the log of {jobId}");
            await Task.Delay(20);
        }
    }

    /// <summary>The job events a web node streams (GET /api/events), collected as they come.</summary>
    private sealed class EventWatch : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Id, string State, double Progress)> _updates = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _reading = Task.CompletedTask;

        public static async Task<EventWatch> StartAsync(HttpClient http)
        {
            var watch = new EventWatch();
            var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("event: ready", await reader.ReadLineAsync());
            watch._reading = watch.ReadAsync(response, reader);
            return watch;
        }

        public IReadOnlyList<(string Id, string State, double Progress)> UpdatesOf(string jobId) => [.. _updates.Where(u => u.Id == jobId)];

        private async Task ReadAsync(HttpResponseMessage response, StreamReader reader)
        {
            using (response)
            using (reader)
            {
                try
                {
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                    {
                        if (!line.StartsWith("data: {", StringComparison.Ordinal))
                            continue;
                        var update = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                        _updates.Enqueue((update.GetProperty("id").GetString()!, update.GetProperty("state").GetString()!, update.GetProperty("progress").GetDouble()));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }
}
