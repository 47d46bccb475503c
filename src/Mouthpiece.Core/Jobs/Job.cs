using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Jobs;

/// <summary>Where a job is. Done, failed and canceled are final until a person retries.</summary>
public enum JobState
{
    Queued,
    Preparing,
    Rendering,
    Done,
    Failed,
    Canceled,
}

/// <summary>
/// What a job produces: a render (the product), or the background normalization of a video that
/// breaks the input policy, on which the renders of that video wait (docs/ARCHITECTURE.md §2).
/// </summary>
public enum JobKind
{
    Render,
    Normalize,
}

/// <summary>The choices a user can make for one render.</summary>
public sealed record JobOptions
{
    /// <summary>Animate this face (0-based, left to right) instead of the main speaker.</summary>
    public int? FaceIndex { get; init; }

    /// <summary>The output's size, encoder quality and long-speech playback.</summary>
    public OutputSettings Output { get; init; } = OutputSettings.Default;

    /// <summary>"classic" or "wav2lip"; null is classic, or wav2lip when <see cref="ModelPath"/> is set.</summary>
    public string? Engine { get; init; }

    /// <summary>The Wav2Lip-compatible ONNX model for the wav2lip engine; checked against the contract at submission.</summary>
    public string? ModelPath { get; init; }

    /// <summary>"auto", "cpu" or "gpu"; null leaves it to the worker's setting (<see cref="JobSystemOptions.Device"/>).</summary>
    public string? Device { get; init; }
    /// <summary>Subtitle files to write beside the output and whether to burn them in.</summary>
    public SubtitleFormats Subtitles { get; init; }

    /// <summary>Spread an SRT/WebVTT subtitle script's text over the speech instead of keeping its timings.</summary>
    public bool RetimeScript { get; init; }
}

/// <summary>An input kept once by content: <see cref="Path"/> is named by the SHA-256 of the bytes; the user's name is data only.</summary>
public sealed record StoredInput(string Hash, string Path, string OriginalName);

/// <summary>One unit of work in the queue, with everything a person or a screen needs to know about it.</summary>
public sealed record Job
{
    public required string Id { get; init; }

    public required JobKind Kind { get; init; }

    /// <summary>The batch this job belongs to; null for a single job.</summary>
    public string? BatchId { get; init; }

    /// <summary>The item's place in its submission (0-based): a batch is listed in the order it was submitted, whatever order its items were queued in.</summary>
    public int BatchItem { get; init; }

    /// <summary>The recorded speech; null for a normalization and for a render that reads a <see cref="Script"/>.</summary>
    public StoredInput? Audio { get; init; }

    /// <summary>The text read aloud and its voice, kept with the job; null for recorded speech.</summary>
    public Script? Script { get; init; }

    /// <summary>For recorded speech: the user's SRT, WebVTT or plain-text script for the subtitles.</summary>
    public StoredInput? SubtitleScript { get; init; }

    public required StoredInput Video { get; init; }

    public JobOptions Options { get; init; } = new();

    /// <summary>Where the result is written; fixed by the job id, so running a job twice yields one output.</summary>
    public required string OutputPath { get; init; }

    /// <summary>A name for the download, made from the inputs' names.</summary>
    public required string OutputName { get; init; }

    /// <summary>The speech as the user knows it: the recording's name, or the script's first words.</summary>
    public string SpeechName => Audio?.OriginalName ?? Script?.Title ?? "";

    /// <summary>The normalization this render waits for, when its video is normalized first (<see cref="NormalizeRule"/>).</summary>
    public string? DependsOn { get; init; }

    /// <summary>The size of each of the job's stages, from which its time is estimated; null for a job stored before sizes were kept.</summary>
    public WorkSize? Work { get; init; }

    /// <summary>The queue's order: the smallest key is taken first (<see cref="QueueOrder"/>).</summary>
    public long QueueKey { get; init; }

    public JobState State { get; init; } = JobState.Queued;

    /// <summary>What the job is doing now (<see cref="Codes.Stages"/>), worded by each screen in its reader's language.</summary>
    public Message Stage { get; init; } = Codes.Stages.Queued();

    /// <summary>0..100.</summary>
    public double Progress { get; init; }

    public TimeSpan? Remaining { get; init; }

    /// <summary>How many times a worker has taken the job.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the job failed, for the person who has to act on it.</summary>
    public Message? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>A job waiting to be retried after a transient fault is not taken before this time.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpires { get; init; }

    public bool IsFinal => State is JobState.Done or JobState.Failed or JobState.Canceled;

    /// <summary>Seconds from first start to finish (or until now while running).</summary>
    public TimeSpan? RunTime => StartedAt is { } start ? (FinishedAt ?? DateTimeOffset.UtcNow) - start : null;
}

/// <summary>A progress report from the worker that holds a job's lease.</summary>
public sealed record JobProgress(JobState State, Message Stage, double Progress, TimeSpan? Remaining);

/// <summary>A change to a job, as the web layer streams it.</summary>
public sealed record JobUpdate(string JobId, string? BatchId, JobState State, Message Stage, double Progress, TimeSpan? Remaining, Message? Error)
{
    public static JobUpdate Of(Job job) => new(job.Id, job.BatchId, job.State, job.Stage, job.Progress, job.Remaining, job.Error);
}

/// <summary>A worker process as it announces itself: where it runs, how many jobs it takes at once, and which it runs now.</summary>
public sealed record WorkerStatus(string Id, string Host, int ProcessId, int Slots, IReadOnlyList<string> Running, DateTimeOffset StartedAt)
{
    /// <summary>When the store last heard from it (the store's clock); ignored when announcing.</summary>
    public DateTimeOffset SeenAt { get; init; }
}
