using Mouthpiece.Core.Tests.Media;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>The embedded job system end to end: a real SQLite file, real inputs, real renders.</summary>
public sealed class JobSystemTests : IClassFixture<JobFixture>
{
    private readonly JobFixture _media;

    public JobSystemTests(JobFixture media)
    {
        _media = media;
    }

    private Task<JobSystem> OpenAsync(int concurrency = 2) => JobSystem.OpenAsync(_media.NewDataDirectory(), JobFixture.FastOptions(concurrency));

    [Fact]
    public async Task One_audio_for_many_videos_renders_each_video_named_video_plus_audio()
    {
        var system = await OpenAsync();
        var batch = await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(_media.AudioA, [_media.VideoA, _media.VideoB], new JobOptions()));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId);

        Assert.Equal(["anna+hello.mp4", "ben+hello.mp4"], jobs.Select(job => job.OutputName));
        foreach (var job in jobs)
            await AssertRenderedAsync(job, speechSeconds: 1.0);
        Assert.Single(jobs.Select(job => job.Audio!.Hash).Distinct());
    }

    [Fact]
    public async Task Many_audios_for_one_video_renders_each_audio_named_video_plus_audio()
    {
        var system = await OpenAsync();
        var batch = await system.SubmitBatchAsync(JobRequest.ManyAudiosOneVideo([_media.AudioA, _media.AudioB], _media.VideoA, new JobOptions()));

        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId);

        Assert.Equal(["anna+hello.mp4", "anna+world.mp4"], jobs.Select(job => job.OutputName));
        foreach (var job in jobs)
            await AssertRenderedAsync(job, speechSeconds: 1.0);
        Assert.Single(jobs.Select(job => job.Video.Hash).Distinct());
    }

    [Fact]
    public async Task A_bad_item_in_a_batch_of_five_fails_alone_at_once_and_the_rest_finish()
    {
        var system = await OpenAsync();
        string[] videos = [_media.VideoA, _media.VideoB, _media.NotAVideo, _media.VideoA, _media.VideoB];
        var batch = await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(_media.AudioA, videos, new JobOptions()));

        Assert.Equal(["anna+hello.mp4", "ben+hello.mp4", "notes+hello.mp4", "anna+hello (2).mp4", "ben+hello (2).mp4"], batch.Select(job => job.OutputName));
        var bad = batch[2];
        Assert.Equal(JobState.Failed, bad.State);
        Assert.Equal(Codes.Jobs.VideoProblem("notes.mp4", Codes.Inputs.TextFile()), bad.Error);
        Assert.Equal("video notes.mp4: is a text file, not audio or video", bad.Error?.ToString());
        var jobs = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, bad.BatchId);

        // Items are queued as their inputs are stored, smallest first, and still listed in the order they were submitted.
        Assert.Equal(batch.Select(item => item.Id), jobs.Select(job => job.Id));
        Assert.Equal([JobState.Done, JobState.Done, JobState.Failed, JobState.Done, JobState.Done], jobs.Select(job => job.State));
        Assert.Equal(0, jobs[2].Attempts);
        Assert.All(jobs.Where(job => job.State == JobState.Done), job => Assert.Equal(1, job.Attempts));
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_is_stored_once_and_keeps_both_names()
    {
        var system = await OpenAsync();
        var copy = Path.Combine(_media.Root, "anna-again.mp4");
        File.Copy(_media.VideoA, copy, overwrite: true);

        var first = await system.SubmitAsync(new JobRequest(_media.AudioA, _media.VideoA, new JobOptions()));
        var second = await system.SubmitAsync(new JobRequest(_media.AudioA, copy, new JobOptions()));

        Assert.Equal(first.Video.Hash, second.Video.Hash);
        Assert.Equal(first.Video.Path, second.Video.Path);
        Assert.Equal(("anna.mp4", "anna-again.mp4"), (first.Video.OriginalName, second.Video.OriginalName));
        // One copy of each content, each with its kept probe.
        Assert.Equal(
            new[] { first.Audio!.Path, first.Video.Path }.SelectMany(input => new[] { input, InputStore.ProbePath(input) }).Order(),
            Directory.GetFiles(system.Inputs.Root).Order());
        Assert.Equal((await ContentHash.OfFileAsync(_media.VideoA)).Hex, Path.GetFileNameWithoutExtension(first.Video.Path));
        Assert.Equal(File.ReadAllBytes(_media.VideoA), File.ReadAllBytes(first.Video.Path));
    }

    [Fact]
    public async Task Canceling_a_render_stops_its_ffmpeg_and_leaves_no_output()
    {
        var system = await OpenAsync(concurrency: 1);
        var job = await system.SubmitAsync(new JobRequest(_media.LongAudio, _media.VideoA, new JobOptions()));
        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);

        await JobFixture.WaitForAsync(system, jobs => jobs[0] is { State: JobState.Rendering, Progress: > 10 });
        // Rendering is reported as the stage begins, a moment before its ffmpeg processes run.
        await Tool.EventuallyAsync(() => FfmpegChildrenWorkingIn(system.Data.Root), running => running.Count > 0, TimeSpan.FromMinutes(1));
        await system.CancelAsync([job.Id]);
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        while (FfmpegChildrenWorkingIn(system.Data.Root).Count > 0 && stopped.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        await stop.CancelAsync();
        await workers;

        Assert.Empty(FfmpegChildrenWorkingIn(system.Data.Root));
        var canceled = (await system.Store.GetAsync(job.Id))!;
        Assert.Equal(JobState.Canceled, canceled.State);
        Assert.False(File.Exists(job.OutputPath));
        MediaAssert.NoPartialLeft(job.OutputPath);
        Assert.Empty(Directory.GetFiles(system.OutputDirectory));
        Assert.Empty(Directory.Exists(Path.Combine(system.Data.Root, "tmp")) ? Directory.GetFiles(Path.Combine(system.Data.Root, "tmp")) : []);
    }

    [Fact]
    public async Task A_job_failed_by_a_full_disk_runs_again_on_retry_and_delete_removes_its_files()
    {
        var data = _media.NewDataDirectory();
        var system = await JobSystem.OpenAsync(data, JobFixture.FastOptions());
        var job = await system.SubmitAsync(new JobRequest(_media.AudioA, _media.VideoA, new JobOptions()));
        // A second process on the same data directory that needs more free space than any disk has.
        var starved = await JobSystem.OpenAsync(data, JobFixture.FastOptions() with { MinFreeDiskBytes = long.MaxValue });

        await Assert.ThrowsAsync<DiskSpaceException>(() => starved.SubmitAsync(new JobRequest(_media.AudioA, _media.VideoB, new JobOptions())));
        var failed = (await JobFixture.RunUntilAsync(starved, JobFixture.AllFinal))[0];
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("disk.low", failed.Error?.Code);
        Assert.StartsWith("the disk is nearly full", failed.Error?.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(system.OutputDirectory));

        Assert.True(await system.RetryAsync(job.Id));
        var retried = (await JobFixture.RunUntilAsync(system, JobFixture.AllFinal))[0];
        await AssertRenderedAsync(retried, speechSeconds: 1.0);
        Assert.Null(retried.Error);

        Assert.True(await system.DeleteAsync(job.Id));
        Assert.Null(await system.Store.GetAsync(job.Id));
        Assert.Empty(Directory.GetFiles(system.OutputDirectory));
        Assert.Empty(Directory.GetFiles(system.Inputs.Root));
        Assert.False(File.Exists(system.Data.JobLog(job.Id)));
    }

    [Fact]
    public async Task A_job_whose_worker_stopped_heartbeating_is_taken_again_after_the_lease_and_done_once()
    {
        var system = await OpenAsync();
        var job = await system.SubmitAsync(new JobRequest(_media.AudioA, _media.VideoA, new JobOptions()));
        var lost = await system.Store.TryLeaseAsync("ghost", JobKind.Render, TimeSpan.FromSeconds(2));
        Assert.Equal(job.Id, lost?.Id);
        Assert.Null(await system.Store.TryLeaseAsync("other", JobKind.Render, TimeSpan.FromSeconds(2)));

        var done = (await JobFixture.RunUntilAsync(system, JobFixture.AllFinal))[0];

        await AssertRenderedAsync(done, speechSeconds: 1.0);
        Assert.Equal(2, done.Attempts);
        Assert.NotEqual("ghost", done.LeaseOwner);
        Assert.False(await system.Store.HeartbeatAsync(job.Id, "ghost", new JobProgress(JobState.Rendering, Codes.Stages.Rendering(), 50, null), TimeSpan.FromSeconds(2)));
        Assert.False(await system.Store.CompleteAsync(job.Id, "ghost"));
    }

    [Fact]
    public async Task A_video_beyond_the_policy_rendered_once_is_rendered_as_it_is_and_brought_within_the_policy()
    {
        var system = await OpenAsync(concurrency: 1);
        var job = await system.SubmitAsync(new JobRequest(_media.AudioA, _media.FastVideo, new JobOptions()));
        Assert.Null(job.DependsOn);

        var done = (await JobFixture.RunUntilAsync(system, JobFixture.AllFinal))[0];

        await AssertRenderedAsync(done, speechSeconds: 1.0);
        var output = await MediaProbe.ProbeVideoAsync(done.OutputPath);
        Assert.Equal(30, output.Video!.FramesPerSecond, 0.5);
        Assert.Empty(Directory.GetFiles(Path.Combine(system.Inputs.Root, "normalized")));
    }

    [Fact]
    public async Task An_mp4_with_a_free_box_first_is_rendered_as_it_is()
    {
        var system = await OpenAsync();
        var video = Path.Combine(_media.Root, "free-first.mp4");
        await File.WriteAllBytesAsync(video, IsoBoxes.WithFreeBoxFirst(await File.ReadAllBytesAsync(_media.FastVideo)));

        // 60 fps breaks the policy, but a video rendered once is rendered as it is (NormalizeRule).
        var job = await system.SubmitAsync(new JobRequest(_media.AudioA, video, new JobOptions()));
        Assert.Null(job.DependsOn);
        var done = (await JobFixture.RunUntilAsync(system, JobFixture.AllFinal))[0];

        await AssertRenderedAsync(done, speechSeconds: 1.0);
        Assert.Equal(1, done.Attempts);
    }

    [Fact]
    public async Task A_video_whose_frames_cannot_be_decoded_fails_at_submission_with_the_reason()
    {
        var system = await OpenAsync();
        var video = Path.Combine(_media.Root, "shifted.mp4");
        await File.WriteAllBytesAsync(video, IsoBoxes.WithFreeBoxFirst(await File.ReadAllBytesAsync(_media.FastVideo), keepOffsets: true));

        var job = await system.SubmitAsync(new JobRequest(_media.AudioA, video, new JobOptions()));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(Codes.Jobs.VideoProblem("shifted.mp4", Codes.Inputs.VideoUndecodable("h264")), job.Error);
        Assert.Equal(0, job.Attempts);
    }

    [Fact]
    public async Task Starting_workers_deletes_partial_outputs_nobody_is_writing_and_keeps_a_running_jobs()
    {
        var data = _media.NewDataDirectory();
        var system = await OpenAsync(data);
        var finished = await system.SubmitAsync(new JobRequest(_media.AudioA, _media.VideoA, new JobOptions()));
        var running = await system.SubmitAsync(new JobRequest(_media.AudioB, _media.VideoA, new JobOptions()));
        await system.CancelAsync([finished.Id]);
        Assert.Equal(running.Id, (await system.Store.TryLeaseAsync("elsewhere", JobKind.Render, TimeSpan.FromMinutes(1)))?.Id);
        var abandoned = await WritePartialAsync(finished.OutputPath);
        var stray = await WritePartialAsync(Path.Combine(system.OutputDirectory, "0123456789abcdef.mp4"));
        var normalizing = await WritePartialAsync(Path.Combine(system.Inputs.Root, "normalized", new string('a', 64) + ".mp4"));
        var live = await WritePartialAsync(running.OutputPath);

        await (await OpenAsync(data)).CleanUpAfterKilledProcessesAsync(CancellationToken.None);

        Assert.False(File.Exists(abandoned));
        Assert.False(File.Exists(stray));
        Assert.False(File.Exists(normalizing));
        Assert.True(File.Exists(live));
    }

    private static Task<JobSystem> OpenAsync(DataDirectory data) => JobSystem.OpenAsync(data, JobFixture.FastOptions());

    private static async Task<string> WritePartialAsync(string output)
    {
        var partial = output + ".0badf00d" + OutputFile.PartialExtension;
        await File.WriteAllTextAsync(partial, "half a video");
        return partial;
    }

    private static async Task AssertRenderedAsync(Job job, double speechSeconds)
    {
        Assert.Equal(JobState.Done, job.State);
        Assert.Equal(100, job.Progress);
        var output = await MediaProbe.ProbeVideoAsync(job.OutputPath);
        Assert.Equal(speechSeconds, output.Duration.TotalSeconds, 0.1);
        MediaAssert.NoPartialLeft(job.OutputPath);
    }

    /// <summary>
    /// Running ffmpeg children of this test process that read or write a file under <paramref name="dataRoot"/>: the
    /// render's own. Other test classes run renders in this process at the same time, so every ffmpeg child is too many;
    /// a killed ffmpeg that the runtime has not reaped yet (a zombie) no longer runs.
    /// </summary>
    private static List<int> FfmpegChildrenWorkingIn(string dataRoot)
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var (state, parent) = (fields[0], fields[1]);
                if (!name.StartsWith("ffmpeg", StringComparison.Ordinal) || parent != me || state == "Z")
                    continue;
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(argument => argument.Contains(dataRoot, StringComparison.Ordinal)))
                    children.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return children;
    }
}
