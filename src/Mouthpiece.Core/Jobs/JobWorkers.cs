using System.Collections.Concurrent;
using System.Data.Common;

namespace Mouthpiece.Jobs;

/// <summary>
/// The in-process workers. Each waits for a reason to look for work (the backend's dispatch), takes a job under a
/// lease, renews the lease by heartbeat while the job runs, and settles it: done, retried later, failed with a
/// reason, or given back on shutdown. Normalizations get at most all workers but one while renders are waiting, so
/// a slow camera file never holds up the rest of a batch, and all of them when there is nothing else to do.
/// The process announces itself to the store (host, slots, running jobs) so every node can list the workers.
/// </summary>
internal sealed class JobWorkers(JobSystem system)
{
    /// <summary>How long a worker waits before trying again when the store cannot be reached.</summary>
    private static readonly TimeSpan StoreOutageBackoff = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, JobExecution> _running = new();
    private int _normalizing;

    /// <summary>True when <paramref name="workerId"/> names a worker of another process on this machine that no longer runs.</summary>
    public static bool IsGoneFromThisMachine(string? workerId) =>
        workerId?.Split(':') is [var machine, var process, ..]
        && machine == Environment.MachineName
        && int.TryParse(process, System.Globalization.CultureInfo.InvariantCulture, out var id)
        && id != Environment.ProcessId
        && OperatingSystem.IsLinux()
        && !Directory.Exists($"/proc/{id}");

    public async Task RunAsync(CancellationToken stopping)
    {
        var loops = Enumerable.Range(1, system.Options.Concurrency)
            .Select(n => Task.Run(() => LoopAsync($"{system.ProcessTag}:w{n}", stopping), CancellationToken.None))
            .Append(AbortCanceledAsync(stopping))
            .Append(AnnounceAsync(stopping));
        await Task.WhenAll(loops);
    }

    /// <summary>Stops a job running in this process now; one running elsewhere stops when its node hears of it, or at its next heartbeat.</summary>
    public void Abort(string jobId)
    {
        if (_running.TryGetValue(jobId, out var execution))
            execution.Abort("canceled");
    }

    private async Task LoopAsync(string workerId, CancellationToken stopping)
    {
        // On start, look at once: work may be waiting already.
        var tookWork = true;
        while (!stopping.IsCancellationRequested)
        {
            IAsyncDisposable ticket;
            try
            {
                ticket = await system.Backend.Dispatch.WaitForWorkAsync(system.Options.Poll, tookWork, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            await using (ticket)
            {
                var job = await NextJobAsync(workerId, stopping);
                tookWork = job is not null;
                if (job is not null)
                    await new JobExecution(system, job, workerId, _running).RunAsync(() => Interlocked.Decrement(ref _normalizing), stopping);
            }
        }
    }

    private async Task<Job?> NextJobAsync(string workerId, CancellationToken stopping)
    {
        try
        {
            var lease = system.Options.Lease;
            if (Volatile.Read(ref _normalizing) < system.Options.Concurrency - 1 && await LeaseNormalizationAsync(workerId, stopping) is { } early)
                return early;
            return await system.Store.TryLeaseAsync(workerId, JobKind.Render, lease, stopping)
                ?? await LeaseNormalizationAsync(workerId, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (IsStoreOutage(e))
        {
            // The store restarting or out of reach: the jobs wait there; look again shortly.
            system.Log.NodeWarning(workerId, $"cannot reach the job store: {e.Message}");
            await Task.Delay(StoreOutageBackoff, CancellationToken.None);
            return null;
        }
    }

    private async Task<Job?> LeaseNormalizationAsync(string workerId, CancellationToken stopping)
    {
        var job = await system.Store.TryLeaseAsync(workerId, JobKind.Normalize, system.Options.Lease, stopping);
        if (job is not null)
            Interlocked.Increment(ref _normalizing);
        return job;
    }

    /// <summary>A cancel made in another process reaches this one through the event feed: the job stops at once, not at its next heartbeat.</summary>
    private async Task AbortCanceledAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var update in system.Events.WatchAsync(stopping))
                if (update.State == JobState.Canceled && _running.TryGetValue(update.JobId, out var execution))
                    execution.Abort("canceled");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Tells the store every few seconds that this process is alive, and forgets it on a clean stop.</summary>
    private async Task AnnounceAsync(CancellationToken stopping)
    {
        var started = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(system.Options.WorkerAnnounce);
        do
        {
            var status = new WorkerStatus(system.ProcessTag, Environment.MachineName, Environment.ProcessId, system.Options.Concurrency, [.. _running.Keys], started);
            try
            {
                await system.Store.AnnounceWorkerAsync(status, stopping);
            }
            catch (Exception e) when (IsStoreOutage(e))
            {
                system.Log.NodeWarning(system.ProcessTag, $"cannot announce this worker to the job store: {e.Message}");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }
        while (await NextTickAsync(timer, stopping));
        try
        {
            await system.Store.RemoveWorkerAsync(system.ProcessTag, CancellationToken.None);
        }
        catch (Exception e) when (IsStoreOutage(e))
        {
            // It drops out of the list by itself once it stops announcing.
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static bool IsStoreOutage(Exception e) => StoreOutage.Is(e);
}

/// <summary>Tells a fault of the store's connection (a database restarting, a network hiccup) from a fault of the job.</summary>
public static class StoreOutage
{
    public static bool Is(Exception e) => e is DbException or IOException or TimeoutException
        || (e is InvalidOperationException && e.InnerException is DbException or IOException or TimeoutException);
}
