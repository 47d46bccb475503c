namespace Mouthpiece.Scheduling;

/// <summary>A job that runs now, with the time its estimator says it still needs.</summary>
public sealed record RunningWork(string Id, double RemainingSeconds);

/// <summary>A job in the queue, in the order the queue takes them: what it is expected to take, and what it waits for.</summary>
public sealed record QueuedWork(string Id, double ExpectedSeconds, string? DependsOn = null, double NotBeforeSeconds = 0, bool IsRender = true);

/// <summary>When a queued job should start and finish, in seconds from now, and its place among the queued renders (1 = next).</summary>
public sealed record Forecast(int? Position, double StartsIn, double FinishesIn);

/// <summary>
/// Plays the queue forward: every slot takes the first job in queue order that can run when the slot frees up (its
/// normalization done, its retry time come), as the workers do. Gives each queued job its place in line and its
/// expected start, so a batch's time left is its last item's expected finish.
/// </summary>
public static class QueueForecast
{
    public static IReadOnlyDictionary<string, Forecast> Compute(int slots, IReadOnlyList<RunningWork> running, IReadOnlyList<QueuedWork> queued)
    {
        var freeAt = running.Select(job => Math.Max(0, job.RemainingSeconds)).ToList();
        // Workers of other processes may run more jobs than this one has slots.
        while (freeAt.Count < Math.Max(1, slots))
            freeAt.Add(0);
        var finishes = running.ToDictionary(job => job.Id, job => Math.Max(0, job.RemainingSeconds));
        var pending = queued.ToList();
        var starts = new Dictionary<string, double>();
        while (pending.Count > 0)
        {
            var slot = freeAt.IndexOf(freeAt.Min());
            var now = freeAt[slot];
            var next = pending.FindIndex(job => ReadyAt(job, pending, finishes) <= now);
            if (next >= 0)
            {
                var job = pending[next];
                pending.RemoveAt(next);
                starts[job.Id] = now;
                finishes[job.Id] = now + Math.Max(0, job.ExpectedSeconds);
                freeAt[slot] = finishes[job.Id];
                continue;
            }
            // Nothing can run when this slot frees up: it idles until something can, or another slot frees up first.
            var later = pending.Select(job => ReadyAt(job, pending, finishes)).Concat(freeAt).Where(time => time > now && double.IsFinite(time));
            freeAt[slot] = later.DefaultIfEmpty(now + 1).Min();
        }
        var position = 0;
        return queued
            .OrderBy(job => starts[job.Id])
            .Select(job => (job, Position: job.IsRender ? ++position : (int?)null))
            .ToDictionary(entry => entry.job.Id, entry => new Forecast(entry.Position, starts[entry.job.Id], finishes[entry.job.Id]));
    }

    /// <summary>When a job could start; infinite while the job it waits for has not been given a slot itself.</summary>
    private static double ReadyAt(QueuedWork job, List<QueuedWork> pending, Dictionary<string, double> finishes)
    {
        var ready = job.NotBeforeSeconds;
        if (job.DependsOn is { } dependency)
        {
            if (finishes.TryGetValue(dependency, out var finished))
                ready = Math.Max(ready, finished);
            else if (pending.Exists(other => other.Id == dependency))
                return double.PositiveInfinity;
        }
        return ready;
    }
}
