using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;
using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Jobs;

/// <summary>
/// The job system (docs/ARCHITECTURE.md §3): a durable queue, content-addressed inputs and per-job outputs under the data
/// directory, and workers. Submitting returns once the jobs are durable; renders run when
/// <see cref="RunWorkersAsync"/> runs here or in another process that shares the queue. The queue is embedded
/// (SQLite in the data directory) unless a <see cref="JobBackend"/> for many machines is given.
/// </summary>
public sealed class JobSystem : IAsyncDisposable
{
    /// <summary>Items whose inputs are stored and probed at once: two keep the disk and a core busy while renders run.</summary>
    private const int InspectedAtOnce = 2;

    private readonly JobWorkers _workers;

    private JobSystem(DataDirectory data, JobSystemOptions options, JobBackend backend, ILoggerFactory logging)
    {
        Data = data;
        Options = options;
        Backend = backend;
        Inputs = new InputStore(data.Inputs);
        Log = new JobLog(logging.CreateLogger<JobSystem>());
        Throughput = Throughput.Open(data.ThroughputFile);
        _workers = new JobWorkers(this);
    }

    public DataDirectory Data { get; }

    public JobSystemOptions Options { get; }

    public JobBackend Backend { get; }

    public IJobStore Store => Backend.Store;

    public InputStore Inputs { get; }

    public JobLog Log { get; }

    /// <summary>Job changes for screens in this process: made here, or reported by the backend's feed from other processes.</summary>
    public JobEvents Events { get; } = new();

    /// <summary>What this machine's stages take, learned from every job run on this data directory.</summary>
    public Throughput Throughput { get; }
    /// <summary>Names this process among all that share the queue; every worker id here starts with it.</summary>
    public string ProcessTag => Backend.Node;

    public string OutputDirectory => Data.Outputs;

    internal string NormalizedDirectory => Data.Normalized;

    /// <summary>Opens the embedded job system on the data directory.</summary>
    /// <param name="logging">Where the jobs' lines go; none when null (a command that only lists or changes jobs).</param>
    public static async Task<JobSystem> OpenAsync(DataDirectory data, JobSystemOptions? options = null, ILoggerFactory? logging = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new JobSystemOptions();
        data.EnsureCreated();
        return Open(data, options, await JobBackend.OpenEmbeddedAsync(data, options, cancellationToken), logging);
    }

    /// <summary>Opens the job system on a backend already opened for it (e.g. PostgreSQL + RabbitMQ).</summary>
    public static JobSystem Open(DataDirectory data, JobSystemOptions options, JobBackend backend, ILoggerFactory? logging = null)
    {
        data.EnsureCreated();
        var system = new JobSystem(data, options, backend, logging ?? NullLoggerFactory.Instance);
        Directory.CreateDirectory(system.OutputDirectory);
        Directory.CreateDirectory(system.NormalizedDirectory);
        return system;
    }

    /// <summary>
    /// Follows what other processes do to the jobs (for <see cref="Events"/>), and does this node's share of the
    /// backend's common work, until <paramref name="cancellationToken"/> ends. Servers and workers run it.
    /// </summary>
    public async Task RunNodeAsync(CancellationToken cancellationToken)
    {
        var feed = Backend.Feed.FollowAsync(Events, ProcessTag, cancellationToken);
        var work = Backend.NodeWork?.Invoke(this, cancellationToken) ?? Task.CompletedTask;
        try
        {
            await Task.WhenAll(feed, work);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Tells screens here and in the other processes about a change to a job.</summary>
    public void Announce(JobUpdate update)
    {
        Events.Publish(update);
        Backend.Feed.Publish(update);
    }

    public void Announce(Job job) => Announce(JobUpdate.Of(job));

    public ValueTask DisposeAsync() => Backend.DisposeAsync();

    /// <summary>
    /// Jobs held by workers of a process on this machine that is gone (killed, crashed) are taken again now rather
    /// than when their lease runs out: the lease is ended on the dead worker's behalf, and the store puts the job
    /// back as it would any expired one (the attempt counts).
    /// </summary>
    private async Task ReleaseJobsOfGoneWorkersAsync(CancellationToken cancellationToken)
    {
        var renders = await Store.ListAsync(null, cancellationToken);
        var jobs = renders.ToList();
        foreach (var normalization in renders.Select(job => job.DependsOn).OfType<string>().Distinct())
            if (await Store.GetAsync(normalization, cancellationToken) is { } job)
                jobs.Add(job);
        foreach (var job in jobs.Where(job => job.State is JobState.Preparing or JobState.Rendering && JobWorkers.IsGoneFromThisMachine(job.LeaseOwner)))
            await Store.HeartbeatAsync(job.Id, job.LeaseOwner!, new JobProgress(job.State, job.Stage, job.Progress, job.Remaining), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// Partial outputs that no running job will finish: left by a process killed while writing. A job still marked
    /// running may belong to a live worker elsewhere; its own next attempt clears its partials if it is not.
    /// </summary>
    private async Task DeleteAbandonedPartialsAsync(CancellationToken cancellationToken)
    {
        var partials = Directory.GetFiles(OutputDirectory, "*" + OutputFile.PartialExtension)
            .Concat(Directory.GetFiles(NormalizedDirectory, "*" + OutputFile.PartialExtension));
        foreach (var partial in partials)
            if (await Store.GetAsync(WriterOf(partial), cancellationToken) is not { State: JobState.Preparing or JobState.Rendering })
                File.Delete(partial);
    }

    /// <summary>The job whose output a partial file was to become: outputs are named by job id, normalized copies by content hash.</summary>
    private string WriterOf(string partial)
    {
        var stem = Path.GetFileName(partial).Split('.')[0];
        return Path.GetDirectoryName(partial) == NormalizedDirectory ? NormalizeJobId(stem) : stem;
    }

    /// <summary>Accepts one render.</summary>
    public async Task<Job> SubmitAsync(JobRequest request, CancellationToken cancellationToken = default) =>
        (await SubmitAsync([request], batch: false, cancellationToken))[0];

    /// <summary>Accepts a batch: each item becomes its own job, which finishes, fails or is canceled on its own.</summary>
    public Task<IReadOnlyList<Job>> SubmitBatchAsync(IReadOnlyList<JobRequest> items, CancellationToken cancellationToken = default) =>
        SubmitAsync(items, batch: true, cancellationToken);

    /// <summary>
    /// Each item is queued as soon as its own inputs are stored, least expected work first and a few at a time, so a 4K
    /// camera file being copied holds up no light item of the same submission. Only an item whose video might be
    /// normalized first waits for the whole submission: that depends on how many of its renders it brings. A
    /// submission refused midway (disk full, storage gone) takes back the items it had queued.
    /// </summary>
    private async Task<IReadOnlyList<Job>> SubmitAsync(IReadOnlyList<JobRequest> items, bool batch, CancellationToken cancellationToken)
    {
        DiskSpace.EnsureRoom(Data.Root, Options.MinFreeDiskBytes);
        foreach (var options in items.Select(item => item.Options).Distinct())
            CheckChoices(options);
        var batchId = batch ? NewId() : null;
        // One submission time for every item: within a batch only the expected work orders the items.
        var submittedAt = DateTimeOffset.UtcNow;
        var names = await UniqueNamesAsync(items, cancellationToken);
        var inputs = new SubmissionInputs(Inputs);
        var renders = new Job?[items.Count];
        var waiting = new ConcurrentQueue<(int Index, Inspected Item)>();
        try
        {
            var probed = await ProbeInPlaceAsync(items, cancellationToken);
            var lightestFirst = Enumerable.Range(0, items.Count).OrderBy(index => ExpectedSeconds(probed[index])).ToArray();
            // Stored side by side, items would reach the queue in whatever order their copies end, and a heavier item queued
            // a moment before a lighter one would take the free slot first: each waits for the lighter ones' turn.
            var turns = lightestFirst.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            await Parallel.ForEachAsync(Enumerable.Range(0, lightestFirst.Length), new ParallelOptions { MaxDegreeOfParallelism = InspectedAtOnce, CancellationToken = cancellationToken },
                async (rank, token) =>
                {
                    try
                    {
                        var index = lightestFirst[rank];
                        var item = await InspectAsync(probed[index] with { OutputName = names[index] }, batchId, index, submittedAt, inputs, token);
                        if (rank > 0)
                            await turns[rank - 1].Task.WaitAsync(token);
                        if (item.Video is { } video && MayBeNormalized(video))
                            waiting.Enqueue((index, item));
                        else
                            renders[index] = (await QueueAsync([item], _ => 1, token))[0];
                    }
                    finally
                    {
                        turns[rank].TrySetResult();
                    }
                });
            var rendersOfVideo = waiting.CountBy(entry => entry.Item.Render.Video.Hash).ToDictionary();
            var ordered = waiting.OrderBy(entry => entry.Index).ToList();
            var queued = await QueueAsync([.. ordered.Select(entry => entry.Item)], item => rendersOfVideo[item.Render.Video.Hash], cancellationToken);
            foreach (var ((index, _), render) in ordered.Zip(queued))
                renders[index] = render;
        }
        catch when (renders.Any(render => render is not null))
        {
            await TakeBackAsync([.. renders.OfType<Job>()]);
            throw;
        }
        return renders!;
    }

    /// <summary>
    /// The items with their files' probes, run where the files lie (a probe reads a file's header, while storing reads it
    /// whole): they order the items by expected work before anything is stored, and the stored copies are not probed
    /// again. A file that does not probe is left to the item's inspection, which says what is wrong with it.
    /// </summary>
    private static async Task<JobRequest[]> ProbeInPlaceAsync(IReadOnlyList<JobRequest> items, CancellationToken cancellationToken)
    {
        var paths = items.SelectMany(item => new[] { item.AudioProbe is null ? item.AudioPath : null, item.VideoProbe is null ? item.VideoPath : null })
            .OfType<string>().Distinct().ToArray();
        var probes = new ConcurrentDictionary<string, MediaInfo>();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = InspectedAtOnce, CancellationToken = cancellationToken },
            async (path, token) =>
            {
                try
                {
                    probes[path] = await MediaProbe.ProbeAsync(path, token);
                }
                catch (Exception e) when (e is MediaInputException or TimeoutException)
                {
                }
            });
        return [.. items.Select(item => item with
        {
            AudioProbe = item.AudioProbe ?? (item.AudioPath is { } audio ? probes.GetValueOrDefault(audio) : null),
            VideoProbe = item.VideoProbe ?? probes.GetValueOrDefault(item.VideoPath),
        })];
    }

    /// <summary>How long an item's render should take on this machine; 0 for one whose inputs do not probe (it fails at once).</summary>
    private double ExpectedSeconds(JobRequest item)
    {
        var speechUnknown = item.AudioPath is not null ? item.AudioProbe?.Audio is null : item.Script is null;
        return speechUnknown || item.VideoProbe?.Video is null
            ? 0
            : Throughput.Seconds(WorkSize.ForRender(WorkSize.SpeechSeconds(item.AudioProbe, item.Script), item.VideoProbe, InputPolicy.Default));
    }

    /// <summary>A video that some count of renders would have normalized first (it breaks the policy at a bit rate where that pays).</summary>
    private static bool MayBeNormalized(MediaInfo video) =>
        NormalizeRule.ShouldNormalize(InputPolicy.Default.Check(video.Video!), video.Video!.BitRate ?? video.BitRate, int.MaxValue);

    /// <summary>Plans the items (with how many renders of its video the submission brings), stores their jobs in one go, and tells workers and screens.</summary>
    private async Task<IReadOnlyList<Job>> QueueAsync(IReadOnlyList<Inspected> items, Func<Inspected, int> rendersInSubmission, CancellationToken cancellationToken)
    {
        var renders = new List<Job>();
        var all = new List<Job>();
        foreach (var item in items)
        {
            var (render, normalize) = await PlanAsync(item, rendersInSubmission(item), cancellationToken);
            if (normalize is not null)
                all.Add(normalize);
            all.Add(render);
            renders.Add(render);
        }
        if (all.Count == 0)
            return renders;
        await Store.EnqueueAsync(all, cancellationToken);
        foreach (var job in renders)
        {
            var speech = job.Audio is { } audio
                ? $"audio {audio.OriginalName} ({audio.Hash[..12]})"
                : $"script of {job.Script!.Text.Length} characters, voice {job.Script.Voice}";
            Log.Info(job, null, job.State == JobState.Failed
                ? $"accepted and failed at once: {job.Error}"
                : $"accepted: {speech}, video {job.Video.OriginalName} ({job.Video.Hash[..12]})"
                  + (job.DependsOn is null ? "" : ", video normalized first: it is rendered often enough for that to pay"));
            Announce(job);
        }
        await Backend.Dispatch.AnnounceAsync(all.Count(job => job.State == JobState.Queued), cancellationToken);
        return renders;
    }

    /// <summary>The items a refused submission had queued go again, as if never accepted: the submitter was told it failed.</summary>
    private async Task TakeBackAsync(IReadOnlyList<Job> queued)
    {
        foreach (var job in queued)
        {
            try
            {
                await DeleteAsync(job.Id, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException || JobWorkers.IsStoreOutage(e))
            {
                Log.Warning(job, null, $"queued by a submission that was then refused, and could not be taken back: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Refuses the whole submission, before anything is stored, when its engine, model or device cannot work:
    /// a model that does not fit Wav2Lip's contract is <see cref="MediaInputException"/> on the model file, a bad
    /// name a <see cref="ProblemException"/>.
    /// </summary>
    private static void CheckChoices(JobOptions options)
    {
        if (options.Device is { } device)
            ComputeDevices.Parse(device);
        if (EngineChoice.Parse(options.Engine, options.ModelPath).ModelPath is { } model)
            Wav2LipModel.Check(model);
    }

    /// <summary>
    /// The results of one data directory are one folder to the people who look at them (History, downloads): no two
    /// have the same name. Two submissions at the same instant from two processes may still pick the same one.
    /// </summary>
    private async Task<IReadOnlyList<string>> UniqueNamesAsync(IReadOnlyList<JobRequest> items, CancellationToken cancellationToken)
    {
        var taken = (await Store.ListAsync(null, cancellationToken)).Where(job => job.Kind == JobKind.Render)
            .Select(job => job.OutputName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return OutputNames.UniqueAll(items.Select(item => item.NameOrDefault), taken.Contains);
    }

    /// <summary>An item whose inputs are stored and checked, with its speech's length; <see cref="Video"/> is null when it failed at once.</summary>
    private sealed record Inspected(JobRequest Request, Job Render, double SpeechSeconds, MediaInfo? Video);

    /// <summary>
    /// Stores the inputs and looks at them: a file that is not usable fails its job now, with the reason, and so
    /// does a voice that does not exist.
    /// </summary>
    private async Task<Inspected> InspectAsync(JobRequest item, string? batchId, int batchItem, DateTimeOffset submittedAt, SubmissionInputs inputs, CancellationToken cancellationToken)
    {
        if ((item.AudioPath is null) == (item.Script is null))
            throw new ArgumentException("a job speaks either a recording or a script", nameof(item));
        var audio = item.AudioPath is { } audioPath ? await inputs.AddAsync(audioPath, item.AudioNameOrDefault, null, cancellationToken) : null;
        var video = await inputs.AddAsync(item.VideoPath, item.VideoNameOrDefault, item.VideoHash, cancellationToken);
        var subtitleScript = item.SubtitleScriptPath is { } scriptPath
            ? await inputs.AddAsync(scriptPath, item.SubtitleScriptName ?? Path.GetFileName(scriptPath), null, cancellationToken)
            : null;
        var id = NewId();
        var render = new Job
        {
            Id = id,
            Kind = JobKind.Render,
            BatchId = batchId,
            BatchItem = batchItem,
            Audio = audio,
            Script = item.Script,
            SubtitleScript = subtitleScript,
            Video = video,
            Options = item.Options,
            OutputPath = Path.Combine(OutputDirectory, id + ".mp4"),
            OutputName = item.NameOrDefault,
            CreatedAt = submittedAt,
            QueueKey = submittedAt.ToUnixTimeMilliseconds(),
        };
        try
        {
            var speechSeconds = await CheckSpeechAsync(render, inputs, item.AudioProbe, cancellationToken);
            var videoInfo = MediaProbe.RequireVideo(await inputs.ProbeAsync(video.Path, item.VideoProbe, cancellationToken));
            return new Inspected(item, render, speechSeconds, videoInfo);
        }
        catch (MediaInputException e)
        {
            var failed = render with { State = JobState.Failed, Stage = Codes.Stages.Failed(), Error = Explain(e, render), FinishedAt = DateTimeOffset.UtcNow };
            return new Inspected(item, failed, 0, null);
        }
    }

    /// <summary>
    /// Sizes the render and places it in the queue. Its video is normalized first only where that pays
    /// (<see cref="NormalizeRule"/>) or a normalized copy is already there or on its way; otherwise it is rendered as it is.
    /// </summary>
    private async Task<(Job Render, Job? Normalize)> PlanAsync(Inspected item, int rendersInSubmission, CancellationToken cancellationToken)
    {
        if (item.Video is not { } video)
            return (item.Render, null);
        var policy = InputPolicy.Default;
        var normalize = NormalizeJob(item.Render.Video, video, item.Render.CreatedAt);
        var normalizedFirst = await Store.GetAsync(normalize.Id, cancellationToken) switch
        {
            { State: JobState.Failed or JobState.Canceled } => false,
            { } => true,
            null => NormalizeRule.ShouldNormalize(policy.Check(video.Video!), video.Video!.BitRate ?? video.BitRate,
                rendersInSubmission + item.Request.LaterRendersOfVideo + await Store.CountRendersOfVideoAsync(item.Render.Video.Hash, cancellationToken)),
        };
        var work = WorkSize.ForRender(item.SpeechSeconds, video, policy, normalizedFirst);
        var render = item.Render with { Work = work, QueueKey = QueueOrder.Key(item.Render.CreatedAt, Throughput.Seconds(work)) };
        return normalizedFirst
            ? (render with { DependsOn = normalize.Id, Stage = Codes.Stages.WaitingForNormalization() }, normalize)
            : (render, null);
    }

    /// <summary>
    /// The recording must be audio, the script's voice must exist, and subtitles need words to show. Returns how long
    /// the speech lasts: the recording's length, or the script's expected length before it is synthesized.
    /// </summary>
    private async Task<double> CheckSpeechAsync(Job render, SubmissionInputs inputs, MediaInfo? knownAudio, CancellationToken cancellationToken)
    {
        var recording = render.Audio is { } audio ? MediaProbe.RequireAudio(await inputs.ProbeAsync(audio.Path, knownAudio, cancellationToken)) : null;
        var seconds = WorkSize.SpeechSeconds(recording, render.Script);
        if (render.Script is { } script)
            Voices.Resolve(script.Voice, script.Text, Options.TtsService);
        if (render.SubtitleScript is { } subtitles)
            await SubtitleScript.LoadAsync(subtitles.Path, cancellationToken);
        if (render.Options.Subtitles != SubtitleFormats.None && render.Script is null && render.SubtitleScript is null)
            throw new MediaInputException("subtitles", Codes.Subtitles.NeedWords());
        return seconds;
    }

    /// <summary>One normalization per video content, shared by every render of that video.</summary>
    private Job NormalizeJob(StoredInput video, MediaInfo info, DateTimeOffset submittedAt)
    {
        var work = WorkSize.ForNormalize(info, InputPolicy.Default);
        return new Job
        {
            Id = NormalizeJobId(video.Hash),
            Kind = JobKind.Normalize,
            Video = video,
            OutputPath = NormalizedPath(video),
            OutputName = video.OriginalName,
            CreatedAt = submittedAt,
            Work = work,
            QueueKey = QueueOrder.Key(submittedAt, Throughput.Seconds(work)),
        };
    }

    private string NormalizedPath(StoredInput video) => Path.Combine(NormalizedDirectory, video.Hash + ".mp4");

    /// <summary>The queue played forward now: places in line, expected starts and times left of every unfinished job.</summary>
    public async Task<JobForecasts> ForecastAsync(CancellationToken cancellationToken = default) =>
        JobForecasts.Of(await Store.ListUnfinishedAsync(cancellationToken), Options.Concurrency, Throughput, DateTimeOffset.UtcNow);

    /// <summary>Cancels jobs (and a normalization nobody waits for any more); running renders stop within a heartbeat.</summary>
    public async Task<IReadOnlyList<string>> CancelAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        var canceled = await Store.CancelAsync(jobIds, cancellationToken);
        foreach (var id in canceled)
            _workers.Abort(id);
        foreach (var id in canceled)
            if (await Store.GetAsync(id, cancellationToken) is { } job)
            {
                Log.Info(job, null, "canceled");
                Announce(job);
            }
        return canceled;
    }

    public async Task<IReadOnlyList<string>> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var jobs = await Store.ListAsync(batchId, cancellationToken);
        return await CancelAsync([.. jobs.Select(job => job.Id)], cancellationToken);
    }

    /// <summary>Runs a failed or canceled job again from the start.</summary>
    public async Task<bool> RetryAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!await Store.RetryAsync(jobId, cancellationToken))
            return false;
        if (await Store.GetAsync(jobId, cancellationToken) is { } job)
        {
            Log.Info(job, null, "queued again by retry");
            Announce(job);
        }
        await Backend.Dispatch.AnnounceAsync(2, cancellationToken);
        return true;
    }

    /// <summary>Deletes a job with its output, report and log, and its inputs when no other job uses them. Cancels it first if it runs.</summary>
    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (await Store.GetAsync(jobId, cancellationToken) is not { Kind: JobKind.Render } job)
            return false;
        if (!job.IsFinal)
            await CancelAsync([jobId], cancellationToken);
        if (!await Store.DeleteAsync(jobId, cancellationToken))
            return false;
        DeleteOutput(job);
        DeleteJobLog(job.Id);
        foreach (var input in new[] { job.Audio, job.Video, job.SubtitleScript }.OfType<StoredInput>())
            await DeleteUnusedInputAsync(input, cancellationToken);
        return true;
    }

    // A job that logged nothing through a file sink (no logging set up) has no log, nor perhaps its folder.
    private void DeleteJobLog(string jobId)
    {
        var path = Data.JobLog(jobId);
        if (File.Exists(path))
            File.Delete(path);
    }

    private async Task DeleteUnusedInputAsync(StoredInput input, CancellationToken cancellationToken)
    {
        if (await Store.IsInputUsedAsync(input.Hash, cancellationToken))
            return;
        var normalizeId = NormalizeJobId(input.Hash);
        if (await Store.GetAsync(normalizeId, cancellationToken) is { } existing && existing.IsFinal
            && await Store.DeleteAsync(normalizeId, cancellationToken))
        {
            InputStore.Delete(NormalizedPath(input));
            DeleteJobLog(normalizeId);
        }
        InputStore.Delete(input.Path);
    }

    internal static void DeleteOutput(Job job)
    {
        // A normalization's output is a stored file, with its probe and hash beside it.
        InputStore.Delete(job.OutputPath);
        foreach (var path in new[] { job.OutputPath, ReportPath(job), SpeechPath(job), SrtPath(job), VttPath(job) })
        {
            File.Delete(path);
            OutputFile.DeletePartials(path);
        }
    }

    /// <summary>The render report (JSON) the pipeline writes beside a render's output.</summary>
    public static string ReportPath(Job job) => Path.ChangeExtension(job.OutputPath, ".json");

    /// <summary>Where the speech read from a job's script is written.</summary>
    internal static string SpeechPath(Job job) => Path.ChangeExtension(job.OutputPath, ".wav");

    public static string SrtPath(Job job) => Path.ChangeExtension(job.OutputPath, ".srt");

    public static string VttPath(Job job) => Path.ChangeExtension(job.OutputPath, ".vtt");

    /// <summary>The subtitle files a finished job wrote beside its output (OUT.srt, OUT.vtt).</summary>
    public static IEnumerable<string> SubtitlePaths(Job job) => new[] { SrtPath(job), VttPath(job) }.Where(File.Exists);

    /// <summary>
    /// Runs <see cref="JobSystemOptions.Concurrency"/> workers until <paramref name="cancellationToken"/> stops them;
    /// jobs they hold go back to the queue. First it cleans up after processes of this machine that were killed.
    /// </summary>
    public async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        // The GPU checks (ffmpeg and model trials, a second or two) run once per process: done now, the first job's
        // seconds go to its own work, so a video without a face still fails within seconds of its start.
        if (Options.Device != ComputeDevice.Cpu)
            _ = GpuChecks.OnThisMachineAsync(CancellationToken.None);
        await CleanUpAfterKilledProcessesAsync(cancellationToken);
        await _workers.RunAsync(cancellationToken);
    }

    /// <summary>Takes back the jobs of killed workers and deletes the partial files nobody will finish.</summary>
    internal async Task CleanUpAfterKilledProcessesAsync(CancellationToken cancellationToken)
    {
        await ReleaseJobsOfGoneWorkersAsync(cancellationToken);
        await DeleteAbandonedPartialsAsync(cancellationToken);
    }

    /// <summary>An error a person can act on: which input (by the name they gave it), and what is wrong with it.</summary>
    internal static Message Explain(MediaInputException e, Job job)
    {
        if (job.Audio is { } audio && e.FilePath == audio.Path)
            return Codes.Jobs.AudioProblem(audio.OriginalName, e.Problem);
        if (job.SubtitleScript is { } script && e.FilePath == script.Path)
            return Codes.Jobs.ScriptProblem(script.OriginalName, e.Problem);
        if (e.FilePath == job.Video.Path || e.FilePath.StartsWith(Path.GetDirectoryName(job.Video.Path)!, StringComparison.Ordinal))
            return Codes.Jobs.VideoProblem(job.Video.OriginalName, e.Problem);
        return Codes.Jobs.FileProblem(Path.GetFileName(e.FilePath), e.Problem);
    }

    private static string NormalizeJobId(string videoHash) => "normalize-" + videoHash[..Math.Min(24, videoHash.Length)];

    private static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
