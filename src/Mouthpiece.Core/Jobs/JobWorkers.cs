using System.Collections.Concurrent;
using System.Data.Common;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Jobs;

/// <summary>
/// The in-process workers, one per slot. Each waits for a reason to look for work (the backend's dispatch), takes a
/// job under a lease, renews the lease by heartbeat while the job runs, and settles it: done, retried later, failed
/// with a reason, or given back on shutdown. Jobs are taken in queue-key order (<see cref="QueueOrder"/>: short work
/// first, none starved), a normalization never takes the last free slot (<see cref="Slots.MayStartNormalization"/>),
/// and a job much longer than one running here waits for it to end (<see cref="Slots.MayStartBeside"/>), so a slow
/// camera file never holds up the renders. The process announces itself to the store (host, slots,
/// running jobs) so every node can list the workers.
/// </summary>
internal sealed class JobWorkers(JobSystem system)
{
    /// <summary>How long a worker waits before trying again when the store cannot be reached.</summary>
    private static readonly TimeSpan StoreOutageBackoff = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, JobExecution> _running = new();

    /// <summary>The expected seconds of each job this process has taken and not yet settled.</summary>
    private readonly ConcurrentDictionary<string, double> _taken = new();

    private readonly Lock _slotGate = new();
    private int _busy;
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
        // The slots look for work one at a time, so each sees the jobs the others have just taken.
        using var looking = new SemaphoreSlim(1, 1);
        var loops = Enumerable.Range(1, system.Options.Concurrency)
            .Select(n => Task.Run(() => LoopAsync($"{system.ProcessTag}:w{n}", looking, stopping), CancellationToken.None))
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

    private async Task LoopAsync(string workerId, SemaphoreSlim looking, CancellationToken stopping)
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
                var job = await NextJobAsync(workerId, looking, stopping);
                tookWork = job is not null;
                if (job is not null)
                    await RunAsync(job, workerId, stopping);
            }
        }
    }

    private async Task RunAsync(Job job, string workerId, CancellationToken stopping)
    {
        try
        {
            await new JobExecution(system, job, workerId, _running).RunAsync(stopping);
        }
        finally
        {
            _taken.TryRemove(job.Id, out _);
            if (job.Kind == JobKind.Normalize)
                Interlocked.Decrement(ref _normalizing);
            Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>
    /// The runnable job with the smallest queue key, of either kind. A job much longer than one running in this process
    /// (<see cref="Slots.MayStartBeside"/>), or a normalization whose turn it is but which may not take the last free slot,
    /// keeps this slot free until the jobs running beside it end, so it is never passed for ever; a normalization waits
    /// so unless other normalizations hold the slots, when waiting would gain nothing and a render runs instead.
    /// The job's slot counts as busy from here.
    /// </summary>
    private async Task<Job?> NextJobAsync(string workerId, SemaphoreSlim looking, CancellationToken stopping)
    {
        try
        {
            await looking.WaitAsync(stopping);
            try
            {
                var job = await TakeDueJobAsync(workerId, stopping);
                if (job is not null)
                    _taken[job.Id] = system.Throughput.Seconds(job.Work);
                return job;
            }
            finally
            {
                looking.Release();
            }
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

    private async Task<Job?> TakeDueJobAsync(string workerId, CancellationToken stopping)
    {
        var due = await DueJobAsync(stopping);
        if (due is null || !Slots.MayStartBeside(system.Throughput.Seconds(due.Work), _taken.Values))
            return null;
        switch (due.Kind)
        {
            case JobKind.Render:
                return await LeaseRenderAsync(workerId, stopping) ?? await LeaseNormalizationAsync(workerId, stopping);
            default:
                if (await LeaseNormalizationAsync(workerId, stopping) is { } normalization)
                    return normalization;
                var waitingHelps = Slots.MayStartNormalization(system.Options.Concurrency, Volatile.Read(ref _normalizing));
                return waitingHelps ? null : await LeaseRenderAsync(workerId, stopping);
        }
    }

    /// <summary>Whose turn it is: the runnable job with the smallest queue key; null when nothing can run.</summary>
    private async Task<Job?> DueJobAsync(CancellationToken stopping)
    {
        var unfinished = await system.Store.ListUnfinishedAsync(stopping);
        var now = DateTimeOffset.UtcNow;
        var waitedFor = unfinished.Select(job => job.Id).ToHashSet();
        // The list is in queue order: the first runnable job is the one whose turn it is. A job whose worker
        // stopped renewing its lease is runnable too: leasing puts it back in the queue.
        return unfinished.FirstOrDefault(job => (job.State == JobState.Queued || job.LeaseExpires < now) && !(job.NotBefore > now)
            && (job.DependsOn is null || !waitedFor.Contains(job.DependsOn)));
    }

    private async Task<Job?> LeaseRenderAsync(string workerId, CancellationToken stopping)
    {
        var job = await system.Store.TryLeaseAsync(workerId, JobKind.Render, system.Options.Lease, stopping);
        if (job is not null)
            Interlocked.Increment(ref _busy);
        return job;
    }

    /// <summary>The slot is taken before the lease is tried, so two workers looking at once never both see two free slots.</summary>
    private async Task<Job?> LeaseNormalizationAsync(string workerId, CancellationToken stopping)
    {
        lock (_slotGate)
        {
            if (!Slots.MayStartNormalization(system.Options.Concurrency, Volatile.Read(ref _busy)))
                return null;
            Interlocked.Increment(ref _busy);
        }
        Job? job = null;
        try
        {
            job = await system.Store.TryLeaseAsync(workerId, JobKind.Normalize, system.Options.Lease, stopping);
            if (job is not null)
                Interlocked.Increment(ref _normalizing);
            return job;
        }
        finally
        {
            if (job is null)
                Interlocked.Decrement(ref _busy);
        }
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
