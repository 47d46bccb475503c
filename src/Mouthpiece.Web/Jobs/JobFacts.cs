using System.Collections.Concurrent;
using System.Text.Json;
using Mouthpiece.Jobs;
using Mouthpiece.Media;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Facts about finished renders that the history shows and that never change once a job is done:
/// the output's duration (from the render report) and a small thumbnail, both made once and kept.
/// </summary>
public sealed class JobFacts(WebAppOptions options, ILogger<JobFacts> logger) : IDisposable
{
    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<string, double?> durations = new();
    private readonly SemaphoreSlim thumbnailing = new(1);

    private string ThumbnailDirectory => Path.Combine(options.Data.Root, "thumbnails");

    public JobView View(Job job, JobForecasts forecasts) => JobView.From(job, forecasts, job.State == JobState.Done ? Duration(job) : null);

    public void Forget(string jobId)
    {
        durations.TryRemove(jobId, out _);
        if (Directory.Exists(ThumbnailDirectory))
            File.Delete(ThumbnailPath(jobId));
    }

    /// <summary>A JPEG of the output's first second, or of the input video while the job has no output; null if ffmpeg cannot make one.</summary>
    public async Task<string?> ThumbnailAsync(Job job, CancellationToken cancellationToken)
    {
        var (source, path) = job.State == JobState.Done && File.Exists(job.OutputPath)
            ? (job.OutputPath, ThumbnailPath(job.Id))
            : (job.Video.Path, Path.Combine(ThumbnailDirectory, $"video-{job.Video.Hash}.jpg"));
        if (File.Exists(path))
            return path;
        if (!File.Exists(source))
            return null;
        // One ffmpeg at a time: a history page asks for ten thumbnails at once on a two-core machine.
        await thumbnailing.WaitAsync(cancellationToken);
        try
        {
            return File.Exists(path) ? path : await MakeThumbnailAsync(source, path, cancellationToken);
        }
        finally
        {
            thumbnailing.Release();
        }
    }

    private async Task<string?> MakeThumbnailAsync(string source, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ThumbnailDirectory);
        string[] arguments = [.. Ffmpeg.CommonArguments, "-ss", "0.2", "-i", source, "-frames:v", "1", "-vf", "scale=192:-2", "-q:v", "5", path];
        var (exitCode, _, errors) = await Ffmpeg.CaptureAsync(Ffmpeg.FfmpegTool, arguments, ThumbnailTimeout, cancellationToken);
        if (exitCode == 0 && File.Exists(path))
            return path;
        logger.LogWarning("thumbnail of {Source} failed: {Errors}", Path.GetFileName(source), errors);
        return null;
    }

    public void Dispose() => thumbnailing.Dispose();

    private string ThumbnailPath(string jobId) => Path.Combine(ThumbnailDirectory, jobId + ".jpg");

    private double? Duration(Job job) => durations.GetOrAdd(job.Id, _ => ReadDuration(Path.ChangeExtension(job.OutputPath, ".json")));

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
