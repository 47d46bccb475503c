using System.Collections.Concurrent;
using System.Text.Json;
using Mouthpiece.Jobs;
using Mouthpiece.Web.Previews;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Facts about finished renders that the history and the results show and that never change once a job is done:
/// the output's duration and sync report (from the render report) and a small thumbnail, each made once and kept.
/// </summary>
public sealed class JobFacts(WebAppOptions options, PosterFrames posters)
{
    private readonly ConcurrentDictionary<string, ReportFacts?> _reports = new();

    private string ThumbnailDirectory => options.Data.Thumbnails;

    public JobView View(Job job, JobForecasts forecasts) => JobView.From(job, forecasts, job.State == JobState.Done ? Report(job) : null);

    public void Forget(string jobId)
    {
        _reports.TryRemove(jobId, out _);
        if (Directory.Exists(ThumbnailDirectory))
            File.Delete(ThumbnailPath(jobId));
    }

    /// <summary>A JPEG of the output's first second, or of the input video while the job has no output; null if ffmpeg cannot make one.</summary>
    public Task<string?> ThumbnailAsync(Job job, CancellationToken cancellationToken) =>
        job.State == JobState.Done && File.Exists(job.OutputPath)
            ? posters.GetAsync(job.OutputPath, ThumbnailPath(job.Id), cancellationToken)
            : posters.GetAsync(job.Video.Path, Path.Combine(ThumbnailDirectory, $"video-{job.Video.Hash}.jpg"), cancellationToken);

    private string ThumbnailPath(string jobId) => Path.Combine(ThumbnailDirectory, jobId + ".jpg");

    private ReportFacts? Report(Job job) => _reports.GetOrAdd(job.Id, _ => ReadReport(JobSystem.ReportPath(job)));

    private static ReportFacts? ReadReport(string reportPath)
    {
        try
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(reportPath));
            var root = report.RootElement;
            double? Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
            var duration = Number("durationSeconds");
            return new ReportFacts(
                duration is { } seconds ? Math.Round(seconds, 2) : null,
                Number("syncScore"),
                Number("syncLagFrames") is { } lag ? (int)lag : null,
                root.TryGetProperty("syncCurves", out var curves) && curves.ValueKind == JsonValueKind.Object);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>What a finished render's report says: its length, and its sync score and lag (null for the neural engine).</summary>
public sealed record ReportFacts(double? DurationSeconds, double? SyncScore, int? SyncLagFrames, bool HasSyncCurves);
