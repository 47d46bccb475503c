using System.Collections.Concurrent;

namespace Mouthpiece.Jobs;

/// <summary>
/// The in-process workers. Each takes a job under a lease, renews the lease by heartbeat while the job
/// runs, and settles it: done, retried later, failed with a reason, or given back on shutdown.
/// Normalizations get at most all workers but one while renders are waiting, so a slow camera file
/// never holds up the rest of a batch, and all of them when there is nothing else to do.
/// </summary>
internal sealed class JobWorkers(JobSystem system)
{
    private readonly ConcurrentDictionary<string, JobExecution> running = new();
    private readonly string processTag = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>True when <paramref name="workerId"/> names a worker of another process on this machine that no longer runs.</summary>
    public static bool IsGoneFromThisMachine(string? workerId) =>
        workerId?.Split(':') is [var machine, var process, _]
        && machine == Environment.MachineName
        && int.TryParse(process, System.Globalization.CultureInfo.InvariantCulture, out var id)
        && id != Environment.ProcessId
        && OperatingSystem.IsLinux()
        && !Directory.Exists($"/proc/{id}");
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int normalizing;

    public async Task RunAsync(CancellationToken stopping)
    {
        var loops = Enumerable.Range(1, system.Options.Concurrency)
            .Select(n => Task.Run(() => LoopAsync($"{processTag}:w{n}", stopping), CancellationToken.None));
        await Task.WhenAll(loops);
    }

    /// <summary>Tells idle workers that there is new work, instead of letting them wait for the next poll.</summary>
    public void Wake() => Interlocked.Exchange(ref wake, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Stops a job running in this process now; one running elsewhere stops at its next heartbeat.</summary>
    public void Abort(string jobId)
    {
        if (running.TryGetValue(jobId, out var execution))
            execution.Abort();
    }

    private async Task LoopAsync(string workerId, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var signal = wake.Task;
            var job = await NextJobAsync(workerId, stopping);
            if (job is not null)
                await new JobExecution(system, job, workerId, running).RunAsync(() => Interlocked.Decrement(ref normalizing), stopping);
            else
                await WaitForWorkAsync(signal, stopping);
        }
    }

    private async Task<Job?> NextJobAsync(string workerId, CancellationToken stopping)
    {
        try
        {
            var lease = system.Options.Lease;
            if (Volatile.Read(ref normalizing) < system.Options.Concurrency - 1 && await LeaseNormalizationAsync(workerId, stopping) is { } early)
                return early;
            return await system.Store.TryLeaseAsync(workerId, JobKind.Render, lease, stopping)
                ?? await LeaseNormalizationAsync(workerId, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<Job?> LeaseNormalizationAsync(string workerId, CancellationToken stopping)
    {
        var job = await system.Store.TryLeaseAsync(workerId, JobKind.Normalize, system.Options.Lease, stopping);
        if (job is not null)
            Interlocked.Increment(ref normalizing);
        return job;
    }

    private async Task WaitForWorkAsync(Task signal, CancellationToken stopping)
    {
        try
        {
            await signal.WaitAsync(system.Options.Poll, stopping);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
