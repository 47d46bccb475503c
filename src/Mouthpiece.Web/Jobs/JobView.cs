using Mouthpiece.Jobs;
using Mouthpiece.Subtitles;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// A render as the page and API clients see it; file paths on the server never leave it. While it is queued,
/// <see cref="QueuePosition"/> is its place among the queued renders (1 = next) and <see cref="StartsInSeconds"/>
/// when it should start; <see cref="RemainingSeconds"/> is the time until it should be done, queued or running.
/// </summary>
public sealed record JobView(
    string Id,
    string? BatchId,
    JobState State,
    MessageView Stage,
    double Progress,
    double? RemainingSeconds,
    int? QueuePosition,
    double? StartsInSeconds,
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
    string ThumbnailUrl,
    ScriptView? Script = null,
    IReadOnlyList<string>? Subtitles = null,
    string? SrtUrl = null,
    string? VttUrl = null,
    OutputView? Output = null,
    SyncView? Sync = null)
{
    /// <param name="report">What the finished render's report says, once known.</param>
    public static JobView From(Job job, JobForecasts forecasts, ReportFacts? report = null)
    {
        var done = job.State == JobState.Done;
        var formats = job.Options.Subtitles;
        return new(
            job.Id, job.BatchId, job.State, MessageView.From(job.Stage), Math.Round(job.Progress, 1),
            Seconds(forecasts.Remaining(job)), forecasts.Position(job), Seconds(forecasts.StartsIn(job)), MessageView.FromOptional(job.Error),
            job.SpeechName, job.Video.OriginalName, job.OutputName, job.CreatedAt, job.StartedAt, job.FinishedAt,
            Seconds(job.RunTime), report?.DurationSeconds,
            done ? $"/api/jobs/{job.Id}/output" : null,
            $"/api/jobs/{job.Id}/thumbnail",
            job.Script is { } script ? new ScriptView(script.Text, script.Voice) : null,
            SubtitleFormatNames.Names(formats),
            done && formats.HasFlag(SubtitleFormats.Srt) ? $"/api/jobs/{job.Id}/subtitles/srt" : null,
            done && formats.HasFlag(SubtitleFormats.Vtt) ? $"/api/jobs/{job.Id}/subtitles/vtt" : null,
            new OutputView(job.Options.Output.SizeName, job.Options.Output.QualityName, job.Options.Output.LongAudioName),
            done && report is { HasSyncCurves: true } ? new SyncView(report.SyncScore, report.SyncLagFrames, $"/api/jobs/{job.Id}/sync.png") : null);
    }

    internal static double? Seconds(TimeSpan? time) => time is { } t ? Math.Round(t.TotalSeconds, 1) : null;
}

/// <summary>
/// A finished render's sync report: how well the mouth it drew follows the speech (the measure of
/// <c>mouthpiece evaluate</c>, on the drawn geometry) and a chart of the two.
/// </summary>
/// <param name="Score">Correlation of the drawn inner-lip opening with the speech's loudness at the best lag, −1..1 (a real talking recording scores about 0.46); null for the neural engine.</param>
/// <param name="LagFrames">Frames by which the mouth follows the sound at that best lag (negative: it leads), within ±15.</param>
/// <param name="ChartUrl">A PNG of the mouth opening and the speech's loudness against time; <c>?lang=zh-CN</c> words it in Chinese.</param>
public sealed record SyncView(double? Score, int? LagFrames, string ChartUrl);

/// <summary>The output settings a render was submitted with.</summary>
/// <param name="Size">"source", "1080", "720" or "480".</param>
/// <param name="Quality">"draft", "standard" or "high".</param>
/// <param name="LongAudio">"pingpong" or "loop".</param>
public sealed record OutputView(string Size, string Quality, string LongAudio);

/// <summary>The script a render reads aloud, and its voice, as kept with the job.</summary>
public sealed record ScriptView(string Text, string Voice);

/// <summary>A live change to a job, as sent over Server-Sent Events.</summary>
public sealed record JobUpdateView(string Id, string? BatchId, JobState State, MessageView Stage, double Progress, double? RemainingSeconds, MessageView? Error)
{
    public static JobUpdateView From(JobUpdate update) => new(
        update.JobId, update.BatchId, update.State, MessageView.From(update.Stage), Math.Round(update.Progress, 1),
        update.Remaining is { } r ? Math.Round(r.TotalSeconds, 1) : null, MessageView.FromOptional(update.Error));
}

/// <summary>A batch and its items in the order they were submitted; <see cref="RemainingSeconds"/> is until its last item should be done.</summary>
public sealed record BatchView(string Id, IReadOnlyList<JobView> Jobs, int Done, int Failed, int Canceled, double? RemainingSeconds, string ZipUrl);
