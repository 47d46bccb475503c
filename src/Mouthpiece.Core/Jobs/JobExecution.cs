using System.Collections.Concurrent;
using System.Diagnostics;
using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Jobs;

/// <summary>One leased job, from start to its settled state: the work, the heartbeat beside it, and the outcome.</summary>
internal sealed class JobExecution(JobSystem system, Job job, string workerId, ConcurrentDictionary<string, JobExecution> running)
{
    private enum StopReason
    {
        None,
        LeaseLost,
        DiskFull,
    }

    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = new();
    private ProgressEstimator? _estimator;
    private (JobState State, Message Stage, double? Fraction) _position = (JobState.Preparing, Codes.Stages.Starting(), null);
    private JobProgress _published = new(JobState.Preparing, Codes.Stages.Starting(), 0, null);
    private volatile StopReason _stopReason;
    private CancellationTokenSource? _abort;

    /// <summary>
    /// Stops the work at once: the job is no longer this worker's (<paramref name="why"/>: canceled, deleted, taken over).
    /// The job's log says so once, whichever path noticed first (this process, another node's event, or the heartbeat).
    /// </summary>
    public void Abort(string why)
    {
        lock (_gate)
        {
            if (_stopReason == StopReason.LeaseLost)
                return;
            _stopReason = StopReason.LeaseLost;
        }
        system.Log.Info(job, workerId, $"{why}: stopping");
        try
        {
            _abort?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job had just finished; settling it finds it canceled and discards the output.
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _abort = abort;
        running[job.Id] = this;
        _clock.Start();
        system.Log.Info(job, workerId, $"started, attempt {job.Attempts}");
        Exception? failure = null;
        var heartbeat = HeartbeatAsync(abort);
        try
        {
            if (DiskSpace.IsLow(system.Data.Root, system.Options.MinFreeDiskBytes))
                throw new DiskSpaceException(DiskSpace.LowMessage(system.Data.Root, system.Options.MinFreeDiskBytes));
            await (job.Kind == JobKind.Render ? RenderAsync(abort.Token) : NormalizeAsync(abort.Token));
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await abort.CancelAsync();
            await heartbeat;
            running.TryRemove(job.Id, out _);
        }
        await SettleAsync(failure, _clock.Elapsed, stopping);
    }

    private async Task RenderAsync(CancellationToken cancellationToken)
    {
        var normalized = job.DependsOn is { } normalization
            ? (await system.Store.GetAsync(normalization, cancellationToken))?.OutputPath ?? throw new MediaInputException(job.Video.Path, Codes.Jobs.NormalizedCopyGone())
            : null;
        var video = normalized ?? job.Video.Path;
        // A job is run at least once: a previous attempt may have written the output and died before recording it.
        if (await IsValidVideoAsync(job.OutputPath, cancellationToken))
        {
            system.Log.Info(job, workerId, "output of an earlier attempt is complete and valid; kept");
            return;
        }
        // The inputs were probed when the job was accepted and are named by their hash: the render reads neither again.
        // A normalized copy is a file of its own, probed and hashed once for all its renders.
        var audioProbe = job.Audio is { } audio ? await InputStore.ProbeAsync(audio.Path, null, cancellationToken) : null;
        var videoProbe = await InputStore.ProbeAsync(video, null, cancellationToken);
        StartEstimating(job.Work ?? WorkSize.ForRender(
            WorkSize.SpeechSeconds(audioProbe, job.Script), MediaProbe.RequireVideo(videoProbe), InputPolicy.Default));
        var render = new RenderRequest(job.Audio?.Path ?? JobSystem.SpeechPath(job), video, job.OutputPath)
        {
            AudioProbe = audioProbe,
            VideoProbe = videoProbe,
            VideoHash = normalized is null ? ContentHash.Parse(job.Video.Hash) : await InputStore.HashAsync(normalized, cancellationToken),
            ReportPath = JobSystem.ReportPath(job),
            FaceIndex = job.Options.FaceIndex,
            Output = job.Options.Output,
            Engine = EngineChoice.Parse(job.Options.Engine, job.Options.ModelPath),
            Device = job.Options.Device is { } device ? ComputeDevices.Parse(device) : system.Options.Device,
            FaceTrackCacheDirectory = system.Data.FaceTrackCache,
            ScratchDirectory = system.Data.Scratch,
        };
        var request = new SpokenRenderRequest(render)
        {
            Script = job.Script,
            TtsService = system.Options.TtsService,
            Subtitles = new SubtitleRequest { Formats = job.Options.Subtitles, ScriptPath = job.SubtitleScript?.Path, Retime = job.Options.RetimeScript },
        };
        // The pipeline verifies the file before it takes the output's name; subtitles are written before the video.
        var report = (await SpokenRender.RunAsync(request, new Progress(this), cancellationToken)).Report;
        Learn();
        if (report.SpeechLevel?.Warning(job.SpeechName) is { } warning)
            system.Log.Warning(job, workerId, warning.ToString());
        system.Log.Info(job, workerId, $"rendered {report.Frames} frames in {report.WallSeconds:0.0} s ({report.RenderFramesPerSecond:0.0} fps), face in {report.FaceCoverage:P0} of frames");
    }

    private async Task NormalizeAsync(CancellationToken cancellationToken)
    {
        if (await IsValidVideoAsync(job.OutputPath, cancellationToken))
            return;
        var info = MediaProbe.RequireVideo(await InputStore.ProbeAsync(job.Video.Path, null, cancellationToken));
        StartEstimating(job.Work ?? WorkSize.ForNormalize(info, InputPolicy.Default));
        var clock = Stopwatch.StartNew();
        Report(JobState.Rendering, Codes.Stages.Normalizing(), WorkStage.Normalize, 0);
        var fractions = new SynchronousProgress(fraction => Report(JobState.Rendering, Codes.Stages.Normalizing(), WorkStage.Normalize, fraction));
        await Normalizer.NormalizeAsync(info, job.OutputPath, new NormalizeOptions { Background = true }, fractions, cancellationToken);
        Learn();
        // The copy's renders may start side by side: its probe and hash are kept beside it before any of them can ask.
        await InputStore.ProbeAsync(job.OutputPath, null, cancellationToken);
        await InputStore.HashAsync(job.OutputPath, cancellationToken);
        system.Log.Info(job, workerId, $"normalized {info.Video!.Width}x{info.Video.Height} {info.Video.FramesPerSecond:0.#} fps in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<bool> IsValidVideoAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            await OutputFile.VerifyVideoAsync(path, null, cancellationToken);
            return true;
        }
        catch (FfmpegException)
        {
            return false;
        }
    }

    /// <summary>Renews the lease and saves progress; stops the work when the job is no longer ours or the disk fills up.</summary>
    private async Task HeartbeatAsync(CancellationTokenSource abort)
    {
        var options = system.Options;
        while (!abort.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Heartbeat, abort.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            switch (await BeatAsync(options))
            {
                case StopReason.None:
                    continue;
                case StopReason.LeaseLost:
                    Abort(await WhyLostAsync());
                    return;
                case var stop:
                    _stopReason = stop;
                    await abort.CancelAsync();
                    return;
            }
        }
    }

    private async Task<StopReason> BeatAsync(JobSystemOptions options)
    {
        if (DiskSpace.IsLow(system.Data.Root, options.MinFreeDiskBytes))
            return StopReason.DiskFull;
        try
        {
            return await system.Store.HeartbeatAsync(job.Id, workerId, Current, options.Lease) ? StopReason.None : StopReason.LeaseLost;
        }
        catch (Exception e) when (JobWorkers.IsStoreOutage(e))
        {
            // One missed beat is not a lost lease; the next one may get through before it runs out.
            system.Log.Warning(job, workerId, $"heartbeat failed: {e.Message}");
            return StopReason.None;
        }
    }

    /// <summary>The render's time is estimated from the sizes stored with the job; a job stored before sizes were kept is sized now.</summary>
    private void StartEstimating(WorkSize work)
    {
        lock (_gate)
            _estimator = new ProgressEstimator(system.Throughput, work);
    }

    /// <summary>The job ran to its end: the estimator's stages teach the machine's throughput.</summary>
    private void Learn()
    {
        lock (_gate)
            _estimator?.Complete(_clock.Elapsed.TotalSeconds);
    }

    /// <summary>Where the job is now, with the estimator's per cent and time left at this moment (heartbeats save it).</summary>
    /// <summary>Why the store refused a heartbeat, in the words every stop path uses.</summary>
    private async Task<string> WhyLostAsync()
    {
        try
        {
            return await system.Store.GetAsync(job.Id) switch
            {
                null => "deleted",
                { State: JobState.Canceled } => "canceled",
                _ => "taken over: the lease ran out",
            };
        }
        catch (Exception e) when (JobWorkers.IsStoreOutage(e))
        {
            return "the lease was lost";
        }
    }

    private JobProgress Current
    {
        get
        {
            lock (_gate)
            {
                var (state, stage, fraction) = _position;
                if (_estimator is null)
                    return new JobProgress(state, stage, 0, null);
                var estimate = _estimator.Update(_clock.Elapsed.TotalSeconds, fraction);
                return new JobProgress(state, stage, estimate.Percent, estimate.Remaining);
            }
        }
    }

    private void Report(JobState state, Message stage, WorkStage workStage, double? fraction)
    {
        lock (_gate)
        {
            _estimator?.Enter(workStage, _clock.Elapsed.TotalSeconds);
            _position = (state, stage, fraction);
        }
        PublishIfChanged();
    }

    /// <summary>Every frame reports; screens need a new value only when the stage or the whole per cent changes.</summary>
    private void PublishIfChanged()
    {
        var next = Current;
        lock (_gate)
        {
            var previous = _published;
            if (previous.Stage == next.Stage && (int)previous.Progress == (int)next.Progress)
                return;
            _published = next;
        }
        system.Announce(new JobUpdate(job.Id, job.BatchId, next.State, next.Stage, next.Progress, next.Remaining, null));
    }

    /// <summary>
    /// Records the outcome. A store that is briefly out of reach (a database restart) does not lose it: the outcome is
    /// retried until it is written, or until the lease has surely run out and the job belongs to the queue again.
    /// </summary>
    private async Task SettleAsync(Exception? failure, TimeSpan elapsed, CancellationToken stopping)
    {
        var deadline = DateTimeOffset.UtcNow + system.Options.Lease * 2;
        while (true)
        {
            try
            {
                await SettleOnceAsync(failure, elapsed, stopping);
                return;
            }
            catch (Exception e) when (JobWorkers.IsStoreOutage(e) && DateTimeOffset.UtcNow < deadline)
            {
                system.Log.Warning(job, workerId, $"cannot record the outcome yet, the job store is out of reach: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }
    }

    private async Task SettleOnceAsync(Exception? failure, TimeSpan elapsed, CancellationToken stopping)
    {
        var store = system.Store;
        switch (failure)
        {
            case null:
                if (await store.CompleteAsync(job.Id, workerId, CancellationToken.None))
                    system.Log.Info(job, workerId, $"done in {elapsed.TotalSeconds:0.0} s");
                else
                    await DiscardAsync("finished, but the job was canceled or taken over meanwhile; output discarded");
                break;
            // Once the work was stopped on purpose, whatever it threw while stopping (a killed ffmpeg's
            // exit code, say) is a consequence, not the cause.
            case not null when _stopReason == StopReason.LeaseLost:
                await DiscardAsync("stopped: the job was canceled, deleted or taken over");
                break;
            case not null when _stopReason == StopReason.DiskFull:
                await FailAsync(DiskSpace.LowMessage(system.Data.Root, system.Options.MinFreeDiskBytes), null);
                break;
            case not null when stopping.IsCancellationRequested:
                await store.RequeueAsync(job.Id, workerId, CancellationToken.None);
                await system.Backend.Dispatch.AnnounceAsync(1, CancellationToken.None);
                system.Log.Info(job, workerId, "given back to the queue: the worker is shutting down");
                break;
            default:
                await FailAsync(failure, elapsed);
                return;
        }
        await PublishAsync();
    }

    private async Task FailAsync(Exception failure, TimeSpan elapsed)
    {
        if (DiskSpace.IsLow(system.Data.Root, system.Options.MinFreeDiskBytes))
        {
            await FailAsync(DiskSpace.LowMessage(system.Data.Root, system.Options.MinFreeDiskBytes), null);
        }
        else if (await BlameInputAsync(failure) is { } bad)
        {
            await FailAsync(JobSystem.Explain(bad, job), null);
        }
        else
        {
            var policy = new RetryPolicy(system.Options.MaxAttempts, system.Options.RetryDelay);
            var retryAt = policy.NextAttempt(failure, job.Attempts, DateTimeOffset.UtcNow, job.Error);
            var problem = RetryPolicy.ProblemOf(failure);
            var reason = retryAt is not null ? problem
                : RetryPolicy.WillRecur(failure, job.Error) ? Codes.Jobs.WillRecur(problem)
                : Codes.Jobs.FailedAfterAttempts(job.Attempts, problem);
            system.Log.Error(job, workerId, $"{failure.GetType().Name} after {elapsed.TotalSeconds:0.0} s: {failure}");
            await FailAsync(reason, retryAt);
        }
        await PublishAsync();
    }

    /// <summary>
    /// The input to name when the failure will recur: the one the failure names, or, when a tool refused its work
    /// without naming one, an input that does not decode to its end. Null when the inputs are not to blame.
    /// </summary>
    private async Task<MediaInputException?> BlameInputAsync(Exception failure)
    {
        if (failure is MediaInputException bad)
            return bad;
        if (!RetryPolicy.WillRecur(failure, job.Error))
            return null;
        try
        {
            foreach (var input in (string?[])[job.Audio?.Path, job.Video.Path])
                if (input is not null)
                    await MediaProbe.EnsureDecodesAsync(input, CancellationToken.None);
            return null;
        }
        catch (MediaInputException damaged)
        {
            return damaged;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task FailAsync(Message reason, DateTimeOffset? retryAt)
    {
        JobSystem.DeleteOutput(job);
        await system.Store.FailAsync(job.Id, workerId, reason, retryAt, CancellationToken.None);
        system.Log.Error(job, workerId, retryAt is { } at ? $"will retry at {at:HH:mm:ss}: {reason}" : $"failed: {reason}");
    }

    /// <summary>
    /// Drops this attempt's output. When another worker took the job over and finished it, the file at the job's output
    /// path is that worker's valid result, and stays.
    /// </summary>
    private async Task DiscardAsync(string why)
    {
        if ((await system.Store.GetAsync(job.Id, CancellationToken.None))?.State != JobState.Done)
            JobSystem.DeleteOutput(job);
        system.Log.Info(job, workerId, why);
    }

    /// <summary>Shows the settled job on screens; the outcome is already recorded, so a store out of reach here only costs the update.</summary>
    private async Task PublishAsync()
    {
        try
        {
            if (await system.Store.GetAsync(job.Id, CancellationToken.None) is { } settled)
                system.Announce(settled);
        }
        catch (Exception e) when (JobWorkers.IsStoreOutage(e))
        {
            system.Log.Warning(job, workerId, $"settled, but could not read it back for the screens: {e.Message}");
        }
    }

    /// <summary>Turns the render's stages into the job's state and stage; the estimator makes the per cent and time left.</summary>
    private sealed class Progress(JobExecution execution) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value)
        {
            var state = value.Stage is RenderStage.SynthesizingSpeech or RenderStage.Probing or RenderStage.AnalyzingAudio or RenderStage.AnalyzingVideo
                ? JobState.Preparing : JobState.Rendering;
            var fraction = value.Stage == RenderStage.Rendering ? value.Fraction : (double?)null;
            execution.Report(state, value.StageMessage, ProgressEstimator.StageOf(value.Stage), fraction);
        }
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
