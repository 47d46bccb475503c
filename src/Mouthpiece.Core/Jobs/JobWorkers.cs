using System.Collections.Concurrent;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Jobs;

/// <summary>
/// The in-process workers, one per slot. Each takes a job under a lease, renews the lease by heartbeat while the job
/// runs, and settles it: done, retried later, failed with a reason, or given back on shutdown. Jobs are taken in
/// queue-key order (<see cref="QueueOrder"/>: short work first, none starved), and a normalization never takes the
/// last free slot (<see cref="Slots.MayStartNormalization"/>), so a slow camera file never holds up the renders.
/// </summary>
internal sealed class JobWorkers(JobSystem system)
{
    private readonly ConcurrentDictionary<string, JobExecution> _running = new();
    private readonly string _processTag = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly Lock _slotGate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _busy;
    private int _normalizing;

    public async Task RunAsync(CancellationToken stopping)
    {
        var loops = Enumerable.Range(1, system.Options.Concurrency)
            .Select(n => Task.Run(() => LoopAsync($"{_processTag}:w{n}", stopping), CancellationToken.None));
        await Task.WhenAll(loops);
    }

    /// <summary>Tells idle workers that there is new work, instead of letting them wait for the next poll.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Stops a job running in this process now; one running elsewhere stops at its next heartbeat.</summary>
    public void Abort(string jobId)
    {
        if (_running.TryGetValue(jobId, out var execution))
            execution.Abort();
    }

    private async Task LoopAsync(string workerId, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var signal = _wake.Task;
            var job = await NextJobAsync(workerId, stopping);
            if (job is null)
            {
                await WaitForWorkAsync(signal, stopping);
                continue;
            }
            try
            {
                await new JobExecution(system, job, workerId, _running).RunAsync(stopping);
            }
            finally
            {
                if (job.Kind == JobKind.Normalize)
                    Interlocked.Decrement(ref _normalizing);
                Interlocked.Decrement(ref _busy);
                // The freed slot may be the second free one that a waiting normalization needs.
                Wake();
            }
        }
    }

    /// <summary>
    /// The runnable job with the smallest queue key, of either kind. A normalization whose turn it is but which may not
    /// take the last free slot keeps this slot free until the renders running beside it end, so it is never passed
    /// for ever; unless other normalizations hold the slots, when waiting would gain nothing and a render runs instead.
    /// The job's slot counts as busy from here.
    /// </summary>
    private async Task<Job?> NextJobAsync(string workerId, CancellationToken stopping)
    {
        try
        {
            switch (await DueKindAsync(stopping))
            {
                case JobKind.Render:
                    return await LeaseRenderAsync(workerId, stopping) ?? await LeaseNormalizationAsync(workerId, stopping);
                case JobKind.Normalize:
                    if (await LeaseNormalizationAsync(workerId, stopping) is { } normalization)
                        return normalization;
                    var waitingHelps = Slots.MayStartNormalization(system.Options.Concurrency, Volatile.Read(ref _normalizing));
                    return waitingHelps ? null : await LeaseRenderAsync(workerId, stopping);
                default:
                    return null;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Whose turn it is: the kind of the runnable job with the smallest queue key; null when nothing can run.</summary>
    private async Task<JobKind?> DueKindAsync(CancellationToken stopping)
    {
        var unfinished = await system.Store.ListUnfinishedAsync(stopping);
        var now = DateTimeOffset.UtcNow;
        var waitedFor = unfinished.Select(job => job.Id).ToHashSet();
        // The list is in queue order: the first runnable job is the one whose turn it is. A job whose worker
        // stopped renewing its lease is runnable too: leasing puts it back in the queue.
        return unfinished.FirstOrDefault(job => (job.State == JobState.Queued || job.LeaseExpires < now) && !(job.NotBefore > now)
            && (job.DependsOn is null || !waitedFor.Contains(job.DependsOn)))?.Kind;
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
