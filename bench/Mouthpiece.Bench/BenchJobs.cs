using Mouthpiece.Jobs;

namespace Mouthpiece.Bench;

/// <summary>The embedded job system as the benchmarks drive it: a fresh data folder, in-process workers, run until every job is final.</summary>
internal static class BenchJobs
{
    /// <summary>3 s of speech: every batch item renders the same short script.</summary>
    public static string Speech { get; } = BenchMedia.Fixture("speech-en-3s.wav");

    /// <summary>The talking clip at about 480p, a few lines smaller per variant, so each is distinct and no stored input or face track is shared.</summary>
    public static string SmallClip(int variant) => BenchMedia.TalkingClip(480 - 2 * variant, 3, 2_000_000);

    public static async Task<JobSystem> OpenAsync(int concurrency)
    {
        // A new folder each time: a pooled SQLite connection would still point at a deleted file.
        var root = Path.Combine(BenchMedia.WorkDirectory, $"jobs-data-{Guid.NewGuid():N}");
        return await JobSystem.OpenAsync(new DataDirectory(root), new JobSystemOptions { Concurrency = concurrency, Poll = TimeSpan.FromMilliseconds(100) });
    }

    /// <summary>
    /// Runs the workers until every job is done, failed or canceled, and returns the jobs as they ended; with
    /// <paramref name="submit"/>, the workers already run while it submits, as a server's do.
    /// </summary>
    public static async Task<IReadOnlyList<Job>> RunAllAsync(JobSystem system, Func<Task>? submit = null)
    {
        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);
        if (submit is not null)
            await submit();
        while (true)
        {
            var jobs = await system.Store.ListAsync();
            if (jobs.All(job => job.IsFinal))
            {
                await stop.CancelAsync();
                await workers;
                return jobs;
            }
            await Task.Delay(50);
        }
    }
}
