using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Distributed.Tests.Stores;

/// <summary>
/// What every <see cref="IJobStore"/> promises, as one set of tests that runs against each store (SQLite and
/// PostgreSQL): the states, the leases, the retry rules. A change to the contract that one store misses fails here.
/// Each test gets an empty store that lets a job be taken <see cref="MaxAttempts"/> times.
/// </summary>
public abstract class JobStoreContract : IAsyncLifetime
{
    protected const int MaxAttempts = 2;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(300);
    private static readonly Message Killed = Codes.Errors.Unexpected("ffmpeg was killed");
    private static readonly Message NoVideo = Codes.Jobs.VideoProblem("v.mp4", Codes.Inputs.NoVideo());
    private int _created;

    protected IJobStore Store { get; private set; } = null!;

    protected abstract Task<IJobStore> OpenStoreAsync(int maxAttempts);

    public async Task InitializeAsync() => Store = await OpenStoreAsync(MaxAttempts);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stored_job_reads_back_with_every_field()
    {
        var job = Render("a", batch: "b1") with
        {
            Options = new JobOptions
            {
                FaceIndex = 2,
                Output = new OutputSettings { Size = OutputSize.P720, Quality = OutputQuality.High, LongAudio = LongAudio.Loop },
            },
            Work = new WorkSize { Analyze = 4.5, Render = 123.25, Finish = 16.5 },
            QueueKey = 1_800_000_000_123,
            BatchItem = 3,
        };
        await Store.EnqueueAsync([job]);

        var read = await Store.GetAsync("a");

        Assert.NotNull(read);
        Assert.Equal(job.Audio, read.Audio);
        Assert.Equal(job.Video, read.Video);
        Assert.Equal(job.Options, read.Options);
        Assert.Equal((job.Kind, job.BatchId, job.OutputPath, job.OutputName, job.DependsOn), (read.Kind, read.BatchId, read.OutputPath, read.OutputName, read.DependsOn));
        Assert.Equal((JobState.Queued, Codes.Stages.Queued(), 0.0, 0), (read.State, read.Stage, read.Progress, read.Attempts));
        Assert.Equal(job.CreatedAt.ToUnixTimeMilliseconds(), read.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal((job.Work, job.QueueKey, job.BatchItem), (read.Work, read.QueueKey, read.BatchItem));
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task A_script_job_reads_back_with_its_text_voice_and_subtitle_choices()
    {
        var script = Render("typed") with
        {
            Audio = null,
            Script = new Speech.Script("你好，明天见。\nSecond line.", "cmn"),
            Options = new JobOptions { Subtitles = Subtitles.SubtitleFormats.Srt | Subtitles.SubtitleFormats.Burn },
        };
        var recording = Render("recorded") with
        {
            SubtitleScript = new StoredInput("words-hash", "/in/words.srt", "words.srt"),
            Options = new JobOptions { Subtitles = Subtitles.SubtitleFormats.Vtt, RetimeScript = true },
        };
        await Store.EnqueueAsync([script, recording]);

        var readScript = (await Store.GetAsync("typed"))!;
        var readRecording = (await Store.GetAsync("recorded"))!;

        Assert.Null(readScript.Audio);
        Assert.Equal(script.Script, readScript.Script);
        Assert.Equal(script.Options, readScript.Options);
        Assert.Null(readScript.SubtitleScript);
        Assert.Null(readRecording.Script);
        Assert.Equal(recording.SubtitleScript, readRecording.SubtitleScript);
        Assert.Equal(recording.Options, readRecording.Options);
        Assert.True(await Store.IsInputUsedAsync("words-hash"));
    }

    [Fact]
    public async Task A_job_enqueued_twice_is_kept_once()
    {
        await Store.EnqueueAsync([Normalize("n")]);
        await Store.EnqueueAsync([Normalize("n") with { OutputName = "other" }]);

        Assert.Equal("video.mp4", (await Store.GetAsync("n"))!.OutputName);
    }

    [Fact]
    public async Task Jobs_are_taken_oldest_first_and_only_of_the_kind_asked_for()
    {
        await Store.EnqueueAsync([Render("first"), Normalize("norm"), Render("second")]);

        Assert.Equal("first", (await Store.TryLeaseAsync("w1", JobKind.Render, Lease))?.Id);
        Assert.Equal("second", (await Store.TryLeaseAsync("w1", JobKind.Render, Lease))?.Id);
        Assert.Null(await Store.TryLeaseAsync("w1", JobKind.Render, Lease));
        var normalization = await Store.TryLeaseAsync("w2", JobKind.Normalize, Lease);
        Assert.Equal("norm", normalization?.Id);
        Assert.Equal((JobState.Preparing, Codes.Stages.Starting(), 1, "w2"), (normalization!.State, normalization.Stage, normalization.Attempts, normalization.LeaseOwner));
        Assert.NotNull(normalization.StartedAt);
        Assert.True(normalization.LeaseExpires > DateTimeOffset.UtcNow.AddSeconds(20));
    }

    [Fact]
    public async Task Jobs_are_taken_by_queue_key_and_in_submission_order_among_equal_keys()
    {
        await Store.EnqueueAsync([Render("long") with { QueueKey = 300 }, Render("short") with { QueueKey = 100 }, Render("also-short") with { QueueKey = 100 }]);

        Assert.Equal("short", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
        Assert.Equal("also-short", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
        Assert.Equal("long", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
    }

    [Fact]
    public async Task The_unfinished_jobs_of_every_kind_are_listed_in_the_order_they_are_taken()
    {
        await Store.EnqueueAsync([Render("done") with { QueueKey = 1 }, Render("late") with { QueueKey = 500 }, Normalize("norm") with { QueueKey = 200 },
            Render("waiting") with { QueueKey = 100, DependsOn = "norm" }]);
        await Store.TryLeaseAsync("w", JobKind.Render, Lease);
        await Store.CompleteAsync("done", "w");
        await Store.TryLeaseAsync("w", JobKind.Render, Lease);

        Assert.Equal(["waiting", "norm", "late"], (await Store.ListUnfinishedAsync()).Select(job => job.Id));
        Assert.Equal(JobState.Preparing, (await Store.GetAsync("late"))!.State);
    }

    [Fact]
    public async Task Renders_of_a_video_are_counted_whatever_their_state()
    {
        var video = new StoredInput("same", "/data/inputs/same.mp4", "avatar.mp4");
        await Store.EnqueueAsync([Render("a") with { Video = video }, Render("b") with { Video = video }, Normalize("n") with { Video = video }, Render("c")]);
        await Store.CancelAsync(["b"]);

        Assert.Equal(2, await Store.CountRendersOfVideoAsync("same"));
        Assert.Equal(0, await Store.CountRendersOfVideoAsync("unknown"));
    }

    [Fact]
    public async Task Many_workers_leasing_at_once_take_each_job_exactly_once()
    {
        await Store.EnqueueAsync([.. Enumerable.Range(0, 30).Select(i => Render($"job{i}"))]);

        var taken = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await Store.TryLeaseAsync($"w{worker}", JobKind.Render, Lease) is { } job)
                mine.Add(job.Id);
            return mine;
        })));

        var all = taken.SelectMany(ids => ids).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
    }

    [Fact]
    public async Task A_render_waiting_for_its_videos_normalization_is_passed_over_until_that_is_done()
    {
        await Store.EnqueueAsync([Normalize("norm"), Render("waiting") with { DependsOn = "norm" }, Render("ready")]);

        Assert.Equal("ready", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
        Assert.Null(await Store.TryLeaseAsync("w", JobKind.Render, Lease));
        await Store.TryLeaseAsync("n", JobKind.Normalize, Lease);
        Assert.True(await Store.CompleteAsync("norm", "n"));

        Assert.Equal("waiting", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
    }

    [Fact]
    public async Task A_heartbeat_renews_the_lease_and_records_progress_only_for_the_lease_holder()
    {
        await Store.EnqueueAsync([Render("a")]);
        var leased = (await Store.TryLeaseAsync("w", JobKind.Render, ShortLease))!;

        var progress = new JobProgress(JobState.Rendering, Codes.Stages.Rendering(), 42.5, TimeSpan.FromSeconds(7));
        Assert.True(await Store.HeartbeatAsync("a", "w", progress, Lease));
        Assert.False(await Store.HeartbeatAsync("a", "intruder", progress, Lease));
        await Task.Delay(ShortLease * 2);

        var job = (await Store.GetAsync("a"))!;
        Assert.Equal((JobState.Rendering, Codes.Stages.Rendering(), 42.5, TimeSpan.FromSeconds(7)), (job.State, job.Stage, job.Progress, job.Remaining));
        Assert.True(job.LeaseExpires > leased.LeaseExpires);
        Assert.Null(await Store.TryLeaseAsync("other", JobKind.Render, Lease));
    }

    [Fact]
    public async Task Completing_is_idempotent_and_only_the_lease_holder_completes()
    {
        await Store.EnqueueAsync([Render("a")]);
        await Store.TryLeaseAsync("w", JobKind.Render, Lease);

        Assert.False(await Store.CompleteAsync("a", "intruder"));
        Assert.True(await Store.CompleteAsync("a", "w"));
        Assert.False(await Store.CompleteAsync("a", "w"));

        var job = (await Store.GetAsync("a"))!;
        Assert.Equal((JobState.Done, Codes.Stages.Done(), 100.0, null as string), (job.State, job.Stage, job.Progress, job.LeaseOwner));
        Assert.NotNull(job.FinishedAt);
        Assert.Null(await Store.TryLeaseAsync("w", JobKind.Render, Lease));
    }

    [Fact]
    public async Task A_job_whose_lease_ran_out_is_taken_again_and_its_old_worker_loses_it()
    {
        await Store.EnqueueAsync([Render("a")]);
        await Store.TryLeaseAsync("dead", JobKind.Render, ShortLease);
        await Task.Delay(ShortLease * 2);

        var again = await Store.TryLeaseAsync("alive", JobKind.Render, Lease);

        Assert.Equal(("a", 2, "alive"), (again?.Id, again?.Attempts, again?.LeaseOwner));
        Assert.False(await Store.HeartbeatAsync("a", "dead", new JobProgress(JobState.Rendering, Codes.Stages.Rendering(), 50, null), Lease));
        Assert.False(await Store.CompleteAsync("a", "dead"));
        Assert.True(await Store.CompleteAsync("a", "alive"));
    }

    [Fact]
    public async Task A_job_whose_workers_died_as_often_as_it_may_be_tried_fails_with_the_reason()
    {
        await Store.EnqueueAsync([Render("a")]);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Assert.NotNull(await Store.TryLeaseAsync($"dead{attempt}", JobKind.Render, ShortLease));
            await Task.Delay(ShortLease * 2);
        }

        Assert.Null(await Store.TryLeaseAsync("alive", JobKind.Render, Lease));
        var job = (await Store.GetAsync("a"))!;
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(Codes.Jobs.WorkerLost(MaxAttempts), job.Error);
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public async Task A_failure_with_a_retry_time_queues_the_job_again_not_before_that_time()
    {
        await Store.EnqueueAsync([Render("a")]);
        await Store.TryLeaseAsync("w", JobKind.Render, Lease);

        await Store.FailAsync("a", "w", Killed, DateTimeOffset.UtcNow.AddMilliseconds(600));

        var waiting = (await Store.GetAsync("a"))!;
        Assert.Equal((JobState.Queued, Codes.Stages.WaitingToRetry(), Killed), (waiting.State, waiting.Stage, waiting.Error));
        Assert.NotNull(waiting.NotBefore);
        Assert.Null(waiting.FinishedAt);
        Assert.Null(await Store.TryLeaseAsync("w", JobKind.Render, Lease));
        await Task.Delay(900);
        var retried = await Store.TryLeaseAsync("w", JobKind.Render, Lease);
        Assert.Equal(("a", 2), (retried?.Id, retried?.Attempts));
        Assert.Null(retried!.NotBefore);
    }

    [Fact]
    public async Task A_failure_for_good_fails_the_renders_waiting_on_it_with_its_reason()
    {
        await Store.EnqueueAsync([Normalize("norm"), Render("waiting") with { DependsOn = "norm" }]);
        await Store.TryLeaseAsync("w", JobKind.Normalize, Lease);

        await Store.FailAsync("norm", "w", NoVideo, retryAt: null);
        await Store.FailAsync("norm", "intruder", Killed, retryAt: null);

        var normalization = (await Store.GetAsync("norm"))!;
        Assert.Equal((JobState.Failed, Codes.Stages.Failed(), NoVideo), (normalization.State, normalization.Stage, normalization.Error));
        var render = (await Store.GetAsync("waiting"))!;
        Assert.Equal(JobState.Failed, render.State);
        Assert.Equal(Codes.Jobs.NormalizationFailed(NoVideo), render.Error);
    }

    [Fact]
    public async Task A_job_given_back_on_shutdown_is_queued_without_counting_the_attempt()
    {
        await Store.EnqueueAsync([Render("a")]);
        await Store.TryLeaseAsync("w", JobKind.Render, Lease);

        await Store.RequeueAsync("a", "w");

        var job = (await Store.GetAsync("a"))!;
        Assert.Equal((JobState.Queued, 0, null as string), (job.State, job.Attempts, job.LeaseOwner));
        Assert.Equal(1, (await Store.TryLeaseAsync("w2", JobKind.Render, Lease))?.Attempts);
    }

    [Fact]
    public async Task Cancel_stops_queued_and_running_jobs_and_the_normalization_nobody_waits_for()
    {
        await Store.EnqueueAsync([Render("running"), Render("done"), Normalize("norm"), Render("queued") with { DependsOn = "norm" }]);
        Assert.Equal("running", (await Store.TryLeaseAsync("w", JobKind.Render, Lease))?.Id);
        Assert.Equal("done", (await Store.TryLeaseAsync("w2", JobKind.Render, Lease))?.Id);
        await Store.CompleteAsync("done", "w2");

        var canceled = await Store.CancelAsync(["running", "queued", "done", "missing"]);

        Assert.Equal(["running", "queued", "norm"], canceled);
        Assert.Equal(JobState.Canceled, (await Store.GetAsync("running"))!.State);
        Assert.False(await Store.HeartbeatAsync("running", "w", new JobProgress(JobState.Rendering, Codes.Stages.Rendering(), 1, null), Lease));
        Assert.Equal(JobState.Done, (await Store.GetAsync("done"))!.State);
        Assert.Equal(JobState.Canceled, (await Store.GetAsync("norm"))!.State);
    }

    [Fact]
    public async Task Retry_queues_a_failed_job_with_fresh_attempts_and_the_normalization_it_needs()
    {
        await Store.EnqueueAsync([Normalize("norm"), Render("waiting") with { DependsOn = "norm" }, Render("queued")]);
        await Store.TryLeaseAsync("w", JobKind.Normalize, Lease);
        await Store.FailAsync("norm", "w", Killed, retryAt: null);

        Assert.False(await Store.RetryAsync("queued"));
        Assert.False(await Store.RetryAsync("missing"));
        Assert.True(await Store.RetryAsync("waiting"));

        var render = (await Store.GetAsync("waiting"))!;
        Assert.Equal((JobState.Queued, 0, null as Message), (render.State, render.Attempts, render.Error));
        Assert.Null(render.FinishedAt);
        Assert.Equal(JobState.Queued, (await Store.GetAsync("norm"))!.State);
        Assert.Equal("norm", (await Store.TryLeaseAsync("w", JobKind.Normalize, Lease))?.Id);
    }

    [Fact]
    public async Task Only_final_jobs_are_deleted()
    {
        await Store.EnqueueAsync([Render("a"), Render("b")]);
        await Store.CancelAsync(["b"]);

        Assert.False(await Store.DeleteAsync("a"));
        Assert.True(await Store.DeleteAsync("b"));
        Assert.False(await Store.DeleteAsync("b"));
        Assert.Null(await Store.GetAsync("b"));
        Assert.NotNull(await Store.GetAsync("a"));
    }

    [Fact]
    public async Task An_input_is_in_use_while_a_render_refers_to_it()
    {
        await Store.EnqueueAsync([Render("a"), Normalize("n") with { Video = new StoredInput("only-normalized", "/in/x.mp4", "x.mp4") }]);

        Assert.True(await Store.IsInputUsedAsync("audio-a"));
        Assert.True(await Store.IsInputUsedAsync("video-a"));
        Assert.False(await Store.IsInputUsedAsync("only-normalized"));
        await Store.CancelAsync(["a"]);
        await Store.DeleteAsync("a");
        Assert.False(await Store.IsInputUsedAsync("audio-a"));
    }

    [Fact]
    public async Task Lists_keep_submission_order_all_renders_or_one_batch_with_its_normalizations()
    {
        await Store.EnqueueAsync([Render("single"), Normalize("norm") with { BatchId = "b" }, Render("b1", batch: "b") with { DependsOn = "norm" }, Render("b2", batch: "b")]);

        Assert.Equal(["single", "b1", "b2"], (await Store.ListAsync()).Select(job => job.Id));
        Assert.Equal(["norm", "b1", "b2"], (await Store.ListAsync("b")).Select(job => job.Id));
        Assert.Empty(await Store.ListAsync("nope"));
    }

    [Fact]
    public async Task Items_of_one_submission_queued_out_of_order_are_listed_in_the_order_submitted()
    {
        var second = Render("second", batch: "b") with { BatchItem = 1 };
        var first = Render("first", batch: "b") with { BatchItem = 0, CreatedAt = second.CreatedAt };
        await Store.EnqueueAsync([second]);
        await Store.EnqueueAsync([first]);

        Assert.Equal(["first", "second"], (await Store.ListAsync()).Select(job => job.Id));
        Assert.Equal(["first", "second"], (await Store.ListAsync("b")).Select(job => job.Id));
    }

    [Fact]
    public async Task Workers_announce_themselves_and_drop_out_when_they_stop_or_go_silent()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Store.AnnounceWorkerAsync(new WorkerStatus("host-b:2:worker", "host-b", 2, 4, [], started));
        await Store.AnnounceWorkerAsync(new WorkerStatus("host-a:1:worker", "host-a", 1, 2, ["job1"], started));
        await Store.AnnounceWorkerAsync(new WorkerStatus("host-a:1:worker", "host-a", 1, 2, ["job1", "job2"], started));

        var workers = await Store.ListWorkersAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["host-a:1:worker", "host-b:2:worker"], workers.Select(w => w.Id));
        Assert.Equal(("host-a", 1, 2), (workers[0].Host, workers[0].ProcessId, workers[0].Slots));
        Assert.Equal(["job1", "job2"], workers[0].Running);
        Assert.Equal(started.ToUnixTimeMilliseconds(), workers[0].StartedAt.ToUnixTimeMilliseconds());
        Assert.InRange(workers[0].SeenAt, DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow.AddSeconds(10));

        await Store.RemoveWorkerAsync("host-b:2:worker");
        Assert.Equal(["host-a:1:worker"], (await Store.ListWorkersAsync(TimeSpan.FromSeconds(30))).Select(w => w.Id));
        await Task.Delay(300);
        Assert.Empty(await Store.ListWorkersAsync(TimeSpan.FromMilliseconds(100)));
    }

    private Job Render(string id, string? batch = null)
    {
        // Distinct, increasing times: submission order is what "oldest first" means.
        var created = DateTimeOffset.UtcNow.AddSeconds(-100 + Interlocked.Increment(ref _created));
        return new Job
        {
            Id = id,
            Kind = JobKind.Render,
            BatchId = batch,
            Audio = new StoredInput($"audio-{id}", $"/data/inputs/audio-{id}.wav", "speech.wav"),
            Video = new StoredInput($"video-{id}", $"/data/inputs/video-{id}.mp4", "video.mp4"),
            OutputPath = $"/data/outputs/{id}.mp4",
            OutputName = $"{id}.mp4",
            CreatedAt = created,
            QueueKey = created.ToUnixTimeMilliseconds(),
        };
    }

    private Job Normalize(string id) => Render(id) with { Kind = JobKind.Normalize, Audio = null, OutputName = "video.mp4" };
}
