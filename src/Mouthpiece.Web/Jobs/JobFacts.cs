using System.Collections.Concurrent;
using System.Text.Json;
using Mouthpiece.Jobs;
using Mouthpiece.Web.Previews;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Facts about finished renders that the history shows and that never change once a job is done:
/// the output's duration (from the render report) and a small thumbnail, both made once and kept.
/// </summary>
public sealed class JobFacts(WebAppOptions options, PosterFrames posters)
{
    private readonly ConcurrentDictionary<string, double?> _durations = new();

    private string ThumbnailDirectory => options.Data.Thumbnails;

    public JobView View(Job job, JobForecasts forecasts) => JobView.From(job, forecasts, job.State == JobState.Done ? Duration(job) : null);

    public void Forget(string jobId)
    {
        _durations.TryRemove(jobId, out _);
        if (Directory.Exists(ThumbnailDirectory))
            File.Delete(ThumbnailPath(jobId));
    }

    /// <summary>A JPEG of the output's first second, or of the input video while the job has no output; null if ffmpeg cannot make one.</summary>
    public Task<string?> ThumbnailAsync(Job job, CancellationToken cancellationToken) =>
        job.State == JobState.Done && File.Exists(job.OutputPath)
            ? posters.GetAsync(job.OutputPath, ThumbnailPath(job.Id), cancellationToken)
            : posters.GetAsync(job.Video.Path, Path.Combine(ThumbnailDirectory, $"video-{job.Video.Hash}.jpg"), cancellationToken);

    private string ThumbnailPath(string jobId) => Path.Combine(ThumbnailDirectory, jobId + ".jpg");

    private double? Duration(Job job) => _durations.GetOrAdd(job.Id, _ => ReadDuration(Path.ChangeExtension(job.OutputPath, ".json")));

    private static double? ReadDuration(string reportPath)
    {
        try
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(reportPath));
            return report.RootElement.TryGetProperty("durationSeconds", out var seconds) ? Math.Round(seconds.GetDouble(), 2) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
