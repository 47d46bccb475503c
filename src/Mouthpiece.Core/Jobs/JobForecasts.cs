using Mouthpiece.Messages;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Jobs;

/// <summary>
/// The queue played forward at one moment (<see cref="QueueForecast"/>): for every job that is not final, its
/// place in line and expected start while queued, and its time left. Every screen (web page, API, CLI table,
/// HeyGem query) reads its numbers from here, so they agree.
/// </summary>
public sealed class JobForecasts
{
    private readonly IReadOnlyDictionary<string, Forecast> _queued;
    private readonly Dictionary<string, double> _running;

    private JobForecasts(IReadOnlyDictionary<string, Forecast> queued, Dictionary<string, double> running) =>
        (_queued, _running) = (queued, running);

    /// <param name="slots">Jobs that run at once.</param>
    /// <param name="unfinished">Every job that is not final, in queue order (<see cref="IJobStore.ListUnfinishedAsync"/>).</param>
    public static JobForecasts Of(IReadOnlyList<Job> unfinished, int slots, Throughput throughput, DateTimeOffset now)
    {
        var running = unfinished.Where(job => job.State is JobState.Preparing or JobState.Rendering)
            .ToDictionary(job => job.Id, job => job.Remaining?.TotalSeconds ?? Math.Max(0, throughput.Seconds(job.Work) - (job.RunTime?.TotalSeconds ?? 0)));
        var queued = unfinished.Where(job => job.State == JobState.Queued)
            .Select(job => new QueuedWork(job.Id, throughput.Seconds(job.Work), job.DependsOn,
                job.NotBefore is { } notBefore ? Math.Max(0, (notBefore - now).TotalSeconds) : 0, job.Kind == JobKind.Render))
            .ToList();
        var runningWork = unfinished.Where(job => running.ContainsKey(job.Id))
            .Select(job => new RunningWork(job.Id, running[job.Id], throughput.Seconds(job.Work))).ToList();
        var forecasts = QueueForecast.Compute(slots, runningWork, queued);
        return new JobForecasts(forecasts, running);
    }

    /// <summary>The place among the queued renders (1 = next), while the job is queued.</summary>
    public int? Position(Job job) => job.State == JobState.Queued && _queued.TryGetValue(job.Id, out var forecast) ? forecast.Position : null;

    /// <summary>Seconds until a queued job is expected to start.</summary>
    public TimeSpan? StartsIn(Job job) =>
        job.State == JobState.Queued && _queued.TryGetValue(job.Id, out var forecast) ? TimeSpan.FromSeconds(forecast.StartsIn) : null;

    /// <summary>Time until the job is expected to be done: its estimator's while it runs, its forecast finish while queued; null once final.</summary>
    public TimeSpan? Remaining(Job job)
    {
        if (job.IsFinal)
            return null;
        if (_running.TryGetValue(job.Id, out var left))
            return TimeSpan.FromSeconds(left);
        return _queued.TryGetValue(job.Id, out var forecast) ? TimeSpan.FromSeconds(forecast.FinishesIn) : null;
    }

    /// <summary>A batch's time left: until its last unfinished item is expected to be done.</summary>
    public TimeSpan? Remaining(IEnumerable<Job> batch) =>
        batch.Select(Remaining).Where(left => left is not null).DefaultIfEmpty(null).Max();

    /// <summary>The job's stage with its place in line and time left, in one message: "queued · 2nd in line · starts in 0:12 · 0:20 left".</summary>
    public Message Describe(Job job) => (Position(job), StartsIn(job), Remaining(job)) switch
    {
        ({ } position, { } starts, { } left) => Codes.Waiting.InLine(job.Stage, position, starts.TotalSeconds, left.TotalSeconds),
        (null, _, { } left) => Codes.Waiting.Running(job.Stage, left.TotalSeconds),
        _ => job.Stage,
    };
}
