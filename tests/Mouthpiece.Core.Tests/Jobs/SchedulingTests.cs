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
    /// Half a minute of video: rendered to the end it takes far longer than 5 s on two cores, so only a failure found
    /// by analysing the first seconds, before anything is encoded, passes. Not retried: the input will not change.
    /// </summary>
    [Fact(Skip = "waits for the engine's fail-fast face analysis of the first seconds (issue 10)")]
    public async Task A_video_without_a_face_and_a_face_index_beyond_the_faces_fail_within_5_s_of_the_job_starting()
    {
        var system = await OpenAsync();
        var speech = media.Looped("speech-30s.wav", media.LongAudio, 10);
        var faceless = media.Faceless30s;
        var talking = media.Looped("talking-30s.mp4", TestData.File("media", "talking-3s.mp4"), 10);
        var noFace = await system.SubmitAsync(new JobRequest(speech, faceless, new JobOptions()));
        var sixthFace = await system.SubmitAsync(new JobRequest(speech, talking, new JobOptions { FaceIndex = 5 }));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal);

        foreach (var (job, reason) in new[] { (noFace, "no face found"), (sixthFace, "face number 5") })
        {
            var failed = jobs.Single(j => j.Id == job.Id);
            Assert.Equal((JobState.Failed, Codes.Stages.Failed(), 1), (failed.State, failed.Stage, failed.Attempts));
            Assert.Contains(reason, failed.Error!.ToString(), StringComparison.Ordinal);
            Assert.True(failed.FinishedAt - failed.StartedAt < TimeSpan.FromSeconds(5), $"{failed.OutputName} failed after {(failed.FinishedAt - failed.StartedAt)?.TotalSeconds:0.0} s");
        }
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
