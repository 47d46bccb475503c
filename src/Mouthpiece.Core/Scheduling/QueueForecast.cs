namespace Mouthpiece.Scheduling;

/// <summary>A job that runs now, with the time its estimator says it still needs, and what it was expected to take from start to end (0: unknown).</summary>
public sealed record RunningWork(string Id, double RemainingSeconds, double ExpectedSeconds = 0);

/// <summary>A job in the queue, in the order the queue takes them: what it is expected to take, and what it waits for.</summary>
public sealed record QueuedWork(string Id, double ExpectedSeconds, string? DependsOn = null, double NotBeforeSeconds = 0, bool IsRender = true);

/// <summary>When a queued job should start and finish, in seconds from now, and its place among the queued renders (1 = next).</summary>
public sealed record Forecast(int? Position, double StartsIn, double FinishesIn);

/// <summary>
/// Plays the queue forward: every slot takes the first job in queue order that can run when the slot frees up (its
/// normalization done, its retry time come) and that may start beside the jobs still running (<see cref="Slots.MayStartBeside"/>),
/// as the workers do. Gives each queued job its place in line and its
/// expected start, so a batch's time left is its last item's expected finish.
/// </summary>
public static class QueueForecast
{
    public static IReadOnlyDictionary<string, Forecast> Compute(int slots, IReadOnlyList<RunningWork> running, IReadOnlyList<QueuedWork> queued)
    {
        var slotsInUse = running.Select(job => (FreeAt: Math.Max(0, job.RemainingSeconds), Expected: job.ExpectedSeconds)).ToList();
        // Workers of other processes may run more jobs than this one has slots.
        while (slotsInUse.Count < Math.Max(1, slots))
            slotsInUse.Add((0, 0));
        var finishes = running.ToDictionary(job => job.Id, job => Math.Max(0, job.RemainingSeconds));
        var pending = queued.ToList();
        var starts = new Dictionary<string, double>();
        while (pending.Count > 0)
        {
            var slot = slotsInUse.FindIndex(entry => entry.FreeAt == slotsInUse.Min(other => other.FreeAt));
            var now = slotsInUse[slot].FreeAt;
            var next = pending.FindIndex(job => ReadyAt(job, pending, finishes) <= now);
            if (next >= 0 && Slots.MayStartBeside(pending[next].ExpectedSeconds, slotsInUse.Where(entry => entry.FreeAt > now).Select(entry => entry.Expected)))
            {
                var job = pending[next];
                pending.RemoveAt(next);
                starts[job.Id] = now;
                finishes[job.Id] = now + Math.Max(0, job.ExpectedSeconds);
                slotsInUse[slot] = (finishes[job.Id], job.ExpectedSeconds);
                continue;
            }
            // Nothing can run when this slot frees up (or the job whose turn it is waits for shorter ones running beside
            // it): it idles until something can, or another slot frees up first.
            var later = pending.Select(job => ReadyAt(job, pending, finishes)).Concat(slotsInUse.Select(entry => entry.FreeAt))
                .Where(time => time > now && double.IsFinite(time));
            slotsInUse[slot] = (later.DefaultIfEmpty(now + 1).Min(), 0);
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
