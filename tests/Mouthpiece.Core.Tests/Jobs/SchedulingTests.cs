using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>Which videos are normalized first, in which order jobs run, and what the queue says about them, on the real job system.</summary>
public sealed class SchedulingTests(JobFixture media) : IClassFixture<JobFixture>
{
    private Task<JobSystem> OpenAsync(int concurrency = 2) => JobSystem.OpenAsync(media.NewDataDirectory(), JobFixture.FastOptions(concurrency));

    [Fact]
    public async Task A_heavy_video_rendered_once_is_rendered_as_it_is()
    {
        var system = await OpenAsync();
        var job = await system.SubmitAsync(new JobRequest(media.AudioA, media.HeavyVideo, new JobOptions()));
        Assert.Null(job.DependsOn);
        Assert.Equal(Codes.Stages.Queued(), job.Stage);
    }

    [Fact]
    public async Task A_heavy_video_read_by_enough_speeches_is_normalized_once_and_every_render_uses_the_copy()
    {
        var system = await OpenAsync();
        var three = await system.SubmitBatchAsync(JobRequest.ManyAudiosOneVideo([media.AudioA, media.AudioB, media.AudioA], media.HeavyVideo, new JobOptions()));
        Assert.All(three, job => Assert.Null(job.DependsOn));

        string[] audios = [media.AudioA, media.AudioB, media.AudioA, media.AudioB];
        var four = await system.SubmitBatchAsync(JobRequest.ManyAudiosOneVideo(audios, media.HeavyVideo, new JobOptions()));
        var normalization = Assert.Single(four.Select(job => job.DependsOn).Distinct());
        Assert.NotNull(normalization);
        Assert.All(four, job => Assert.Equal(Codes.Stages.WaitingForNormalization(), job.Stage));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, four[0].BatchId);
        Assert.All(jobs.Where(job => job.Kind == JobKind.Render), job => Assert.Equal(JobState.Done, job.State));
        var normalized = (await system.Store.GetAsync(normalization!))!;
        Assert.Equal(JobState.Done, normalized.State);
        Assert.All(jobs.Where(job => job.Kind == JobKind.Render), job => Assert.True(job.StartedAt >= normalized.FinishedAt));
    }

    [Fact]
    public async Task A_file_submitted_again_counts_its_earlier_renders_and_an_announced_reuse_counts_too()
    {
        var system = await OpenAsync();
        for (var i = 0; i < 3; i++)
            Assert.Null((await system.SubmitAsync(new JobRequest(media.AudioA, media.HeavyVideo, new JobOptions()))).DependsOn);
        Assert.NotNull((await system.SubmitAsync(new JobRequest(media.AudioB, media.HeavyVideo, new JobOptions()))).DependsOn);

        var other = await OpenAsync();
        var avatar = new JobRequest(media.AudioA, media.HeavyVideo, new JobOptions()) { LaterRendersOfVideo = 5 };
        Assert.NotNull((await other.SubmitAsync(avatar)).DependsOn);
    }

    [Fact]
    public async Task Light_items_are_queued_before_the_heavy_video_submitted_first_in_the_same_batch_and_keep_their_order_in_the_answer()
    {
        var system = await OpenAsync();
        using var watching = new CancellationTokenSource();
        var updates = CollectAsync(system.Events.WatchAsync(watching.Token));

        var batch = await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(media.AudioA, [media.HeavyVideo, media.VideoA, media.VideoB], new JobOptions()));
        await watching.CancelAsync();
        var announced = (await updates).Select(update => update.JobId).Distinct().ToList();

        Assert.Equal(["camera.mp4", "anna.mp4", "ben.mp4"], batch.Select(job => job.Video.OriginalName));
        Assert.Equal(batch[0].Id, announced[^1]);
        Assert.Equal(new[] { batch[1].Id, batch[2].Id }.Order(), announced[..2].Order());
    }

    [Fact]
    public async Task Items_reach_the_queue_least_expected_work_first_whatever_the_size_of_their_files()
    {
        var system = await OpenAsync(concurrency: 1);
        // A 720p file of a few kilobytes is more work to render than a 240p file many times its size; stored two at a
        // time smallest file first, the 720p ones would reach the queue first.
        var wide = media.Reencoded("wide-small-file.mp4", 720, "60k");
        var otherWide = media.Reencoded("wide-small-file-2.mp4", 720, "50k");
        var narrow = media.Reencoded("narrow-large-file.mp4", 240, "8M");
        Assert.True(Math.Max(new FileInfo(wide).Length, new FileInfo(otherWide).Length) < new FileInfo(narrow).Length);
        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);
        // The worker is idle and waiting when the batch comes: it takes whichever item reaches the queue first.
        await system.SubmitAsync(new JobRequest(media.AudioB, media.VideoB, new JobOptions()));
        await JobFixture.WaitForAsync(system, JobFixture.AllFinal);

        var batch = await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(media.AudioA, [wide, otherWide, narrow], new JobOptions()));
        var jobs = await JobFixture.WaitForAsync(system, JobFixture.AllFinal, batch[0].BatchId);
        await stop.CancelAsync();
        await workers;

        Assert.All(jobs, job => Assert.Equal(JobState.Done, job.State));
        Assert.True(jobs[2].StartedAt < jobs[0].StartedAt && jobs[2].StartedAt < jobs[1].StartedAt,
            "the idle worker took a heavier render first: it had reached the queue first");
    }

    [Fact]
    public async Task A_batch_refused_midway_takes_back_the_items_it_had_queued()
    {
        var system = await OpenAsync();
        JobRequest[] items =
        [
            .. JobRequest.OneAudioManyVideos(media.AudioA, [media.VideoA, media.VideoB, media.FastVideo], new JobOptions()),
            new JobRequest(null, media.HeavyVideo, new JobOptions()),
        ];

        await Assert.ThrowsAsync<ArgumentException>(() => system.SubmitBatchAsync(items));

        Assert.Empty(await system.Store.ListAsync());
    }

    [Fact]
    public async Task With_one_worker_short_renders_submitted_with_a_long_one_go_first()
    {
        var system = await OpenAsync(concurrency: 1);
        var longer = new JobRequest(media.LongAudio, media.VideoA, new JobOptions()) { OutputName = "long.mp4" };
        var shorter = Enumerable.Range(1, 3).Select(n => new JobRequest(media.AudioA, media.VideoB, new JobOptions()) { OutputName = $"short{n}.mp4" });
        var batch = await system.SubmitBatchAsync([longer, .. shorter]);
        Assert.True(batch.Skip(1).All(job => job.QueueKey < batch[0].QueueKey));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId);

        Assert.All(jobs, job => Assert.Equal(JobState.Done, job.State));
        Assert.Equal("long.mp4", jobs.MaxBy(job => job.StartedAt)!.OutputName);
    }

    [Fact]
    public async Task A_render_much_longer_than_the_one_running_waits_for_it_with_a_slot_free_and_a_similar_one_does_not()
    {
        var system = await OpenAsync(concurrency: 2);
        var nineSeconds = media.Looped("speech-9s.wav", media.LongAudio, 3);
        var batch = await system.SubmitBatchAsync(
        [
            new JobRequest(nineSeconds, media.VideoA, new JobOptions()) { OutputName = "long.mp4" },
            new JobRequest(media.AudioA, media.VideoB, new JobOptions()) { OutputName = "short.mp4" },
            new JobRequest(media.AudioB, media.VideoA, new JobOptions()) { OutputName = "similar.mp4" },
        ]);
        Assert.False(Slots.MayStartBeside(system.Throughput.Seconds(batch[0].Work!), [system.Throughput.Seconds(batch[1].Work!)]));
        Assert.True(Slots.MayStartBeside(system.Throughput.Seconds(batch[2].Work!), [system.Throughput.Seconds(batch[1].Work!)]));

        var jobs = (await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId)).ToDictionary(job => job.OutputName);

        Assert.All(jobs.Values, job => Assert.Equal(JobState.Done, job.State));
        var (longer, shorter, similar) = (jobs["long.mp4"], jobs["short.mp4"], jobs["similar.mp4"]);
        Assert.True(similar.StartedAt < shorter.FinishedAt, "two renders of similar size did not share the slots");
        Assert.True(longer.StartedAt >= shorter.FinishedAt && longer.StartedAt >= similar.FinishedAt, "the long render started beside a much shorter one");
    }

    [Fact]
    public async Task Two_normalizations_never_run_at_once_on_two_slots_and_a_render_submitted_meanwhile_starts_at_once()
    {
        var system = await OpenAsync(concurrency: 2);
        var batch = await system.SubmitBatchAsync(
        [
            new JobRequest(media.AudioA, media.HeavyVideo, new JobOptions()) { LaterRendersOfVideo = 10 },
            new JobRequest(media.AudioB, media.OtherHeavyVideo, new JobOptions()) { LaterRendersOfVideo = 10 },
        ]);
        Assert.Equal(2, batch.Select(job => job.DependsOn).Distinct().Count(id => id is not null));

        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);
        var running = await WaitForNormalizationAsync(system);
        var late = await system.SubmitAsync(new JobRequest(media.AudioA, media.VideoA, new JobOptions()));
        await JobFixture.WaitForAsync(system, jobs => jobs.All(job => job.IsFinal));
        await stop.CancelAsync();
        await workers;

        var normalizations = await Task.WhenAll(batch.Where(job => job.DependsOn is not null).Select(job => system.Store.GetAsync(job.DependsOn!)));
        Assert.All(normalizations, job => Assert.Equal(JobState.Done, job!.State));
        var (first, second) = (normalizations.MinBy(job => job!.StartedAt)!, normalizations.MaxBy(job => job!.StartedAt)!);
        Assert.True(second.StartedAt >= first.FinishedAt, "two normalizations ran at once on two slots");
        var lateDone = (await system.Store.GetAsync(late.Id))!;
        Assert.Equal(JobState.Done, lateDone.State);
        Assert.True(lateDone.StartedAt < (await system.Store.GetAsync(running.Id))!.FinishedAt, "the render waited for the normalization");
    }

    [Fact]
    public async Task Queued_jobs_have_a_place_in_line_an_expected_start_and_the_batch_a_time_left()
    {
        var system = await OpenAsync(concurrency: 1);
        var batch = await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(media.AudioA, [media.VideoA, media.VideoB, media.VideoA], new JobOptions()));

        var forecasts = await system.ForecastAsync();

        Assert.Equal([1, 2, 3], batch.Select(job => forecasts.Position(job)!.Value).Order());
        var inLine = batch.OrderBy(job => forecasts.Position(job)).ToList();
        Assert.Equal(TimeSpan.Zero, forecasts.StartsIn(inLine[0]));
        Assert.True(forecasts.StartsIn(inLine[1]) > TimeSpan.Zero);
        Assert.True(forecasts.StartsIn(inLine[2]) > forecasts.StartsIn(inLine[1]));
        Assert.Equal(forecasts.Remaining(inLine[2]), forecasts.Remaining(batch));
        Assert.StartsWith("queued · 2 in line · starts in 0:", forecasts.Describe(inLine[1]).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_render_teaches_the_data_directorys_throughput()
    {
        var system = await OpenAsync();
        await system.SubmitAsync(new JobRequest(media.AudioA, media.VideoA, new JobOptions()));
        await JobFixture.RunUntilAsync(system, JobFixture.AllFinal);

        var learned = Throughput.Open(system.Data.ThroughputFile);
        Assert.All([WorkStage.Analyze, WorkStage.Render, WorkStage.Finish], stage => Assert.NotEqual(1, learned.Factor(stage)));
        Assert.Equal(1, learned.Factor(WorkStage.Normalize));
    }

    /// <summary>
    /// Half a minute of video: the job fails at its analysis of the first seconds (how far the analysis gets is pinned by
    /// the pipeline's test), never reaches the render, and is not retried: the input will not change. The seconds
    /// from the job's start to its failure (the bound: 5) are measured by bench section 3, as a timed test
    /// would fail on a busy machine.
    /// </summary>
    [Fact]
    public async Task A_video_without_a_face_and_a_face_index_beyond_the_faces_fail_before_the_render_without_a_retry()
    {
        var system = await OpenAsync();
        var speech = media.Looped("speech-30s.wav", media.LongAudio, 10);
        var talking = media.Looped("talking-30s.mp4", TestData.File("media", "talking-3s.mp4"), 10);
        var noFace = await system.SubmitAsync(new JobRequest(speech, media.Faceless30s, new JobOptions()));
        var sixthFace = await system.SubmitAsync(new JobRequest(speech, talking, new JobOptions { FaceIndex = 5 }));
        using var watching = new CancellationTokenSource();
        var updates = CollectAsync(system.Events.WatchAsync(watching.Token));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal);
        await watching.CancelAsync();
        var states = await updates;

        foreach (var (job, reason) in new[] { (noFace, "no face found"), (sixthFace, "face number 5") })
        {
            var failed = jobs.Single(j => j.Id == job.Id);
            Assert.Equal((JobState.Failed, Codes.Stages.Failed(), 1), (failed.State, failed.Stage, failed.Attempts));
            Assert.Contains(reason, failed.Error!.ToString(), StringComparison.Ordinal);
            Assert.Contains(states, update => update.JobId == job.Id && update.State == JobState.Preparing);
            Assert.DoesNotContain(states, update => update.JobId == job.Id && update.State == JobState.Rendering);
        }
    }

    private static async Task<List<JobUpdate>> CollectAsync(IAsyncEnumerable<JobUpdate> updates)
    {
        var seen = new List<JobUpdate>();
        try
        {
            await foreach (var update in updates)
                seen.Add(update);
        }
        catch (OperationCanceledException)
        {
        }
        return seen;
    }

    private static async Task<Job> WaitForNormalizationAsync(JobSystem system)
    {
        while (true)
        {
            if ((await system.Store.ListUnfinishedAsync()).FirstOrDefault(job => job is { Kind: JobKind.Normalize, State: JobState.Rendering or JobState.Preparing }) is { } job)
                return job;
            await Task.Delay(50);
        }
    }
}
