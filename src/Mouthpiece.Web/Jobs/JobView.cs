using Mouthpiece.Jobs;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Jobs;

/// <summary>A render as the page and API clients see it; file paths on the server never leave it.</summary>
public sealed record JobView(
    string Id,
    string? BatchId,
    JobState State,
    MessageView Stage,
    double Progress,
    double? RemainingSeconds,
    MessageView? Error,
    string AudioName,
    string VideoName,
    string OutputName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? RunSeconds,
    double? DurationSeconds,
    string? OutputUrl,
    string ThumbnailUrl)
{
    public static JobView From(Job job, double? durationSeconds = null) => new(
        job.Id, job.BatchId, job.State, MessageView.From(job.Stage), Math.Round(job.Progress, 1), Seconds(job.Remaining), MessageView.FromOptional(job.Error),
        job.Audio?.OriginalName ?? "", job.Video.OriginalName, job.OutputName, job.CreatedAt, job.StartedAt, job.FinishedAt,
        Seconds(job.RunTime), durationSeconds,
        job.State == JobState.Done ? $"/api/jobs/{job.Id}/output" : null,
        $"/api/jobs/{job.Id}/thumbnail");

    private static double? Seconds(TimeSpan? time) => time is { } t ? Math.Round(t.TotalSeconds, 1) : null;
}

/// <summary>A live change to a job, as sent over Server-Sent Events.</summary>
public sealed record JobUpdateView(string Id, string? BatchId, JobState State, MessageView Stage, double Progress, double? RemainingSeconds, MessageView? Error)
{
    public static JobUpdateView From(JobUpdate update) => new(
        update.JobId, update.BatchId, update.State, MessageView.From(update.Stage), Math.Round(update.Progress, 1),
        update.Remaining is { } r ? Math.Round(r.TotalSeconds, 1) : null, MessageView.FromOptional(update.Error));
}

/// <summary>A batch and its items in the order they were submitted.</summary>
public sealed record BatchView(string Id, IReadOnlyList<JobView> Jobs, int Done, int Failed, int Canceled, string ZipUrl);
