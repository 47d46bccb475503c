using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>
/// The durable queue behind the job system: jobs are leased by one worker at a time, the lease is
/// kept alive by heartbeats, and a job whose lease runs out is taken again (at-least-once execution).
/// The embedded implementation is <see cref="SqliteJobStore"/>; the PostgreSQL one (Mouthpiece.Distributed) keeps the
/// same contract, and one contract test suite runs against both: a change here is made in both stores.
/// </summary>
public interface IJobStore
{
    /// <summary>Stores new jobs; returns when they are durable. A normalization already queued for the same video is kept, not added twice.</summary>
    Task EnqueueAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the runnable job of the given kind (queued, not waiting for a retry time or a normalization) with the
    /// smallest <see cref="Job.QueueKey"/>, the earliest stored among equal keys, first putting back jobs whose
    /// lease ran out. Null when there is none.
    /// </summary>
    Task<Job?> TryLeaseAsync(string workerId, JobKind kind, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Renews the lease and records progress. False when the job is no longer this worker's (canceled, deleted, or taken again): stop work.</summary>
    Task<bool> HeartbeatAsync(string jobId, string workerId, JobProgress progress, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks the job done. False when the lease was lost meanwhile; the caller then discards its output.</summary>
    Task<bool> CompleteAsync(string jobId, string workerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failure. With <paramref name="retryAt"/> the job is queued again, not to be taken before
    /// then; without it the job has failed for good, and so have the renders waiting on it.
    /// </summary>
    Task FailAsync(string jobId, string workerId, Message reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Gives a job back to the queue untouched, as when a worker shuts down.</summary>
    Task RequeueAsync(string jobId, string workerId, CancellationToken cancellationToken = default);

    Task<Job?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Jobs in the order they were submitted: one batch's, or all renders when <paramref name="batchId"/> is null.</summary>
    Task<IReadOnlyList<Job>> ListAsync(string? batchId = null, CancellationToken cancellationToken = default);

    /// <summary>Every job that is not final, renders and normalizations, in the order <see cref="TryLeaseAsync"/> takes them.</summary>
    Task<IReadOnlyList<Job>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Cancels jobs that are not final; their workers notice at the next heartbeat. Returns the ids canceled.</summary>
    Task<IReadOnlyList<string>> CancelAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default);

    /// <summary>Queues a failed or canceled job again with fresh attempts (and the normalization it waits on, if that failed). False if it was not final.</summary>
    Task<bool> RetryAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Removes a final job's row; the caller removes its files. False if it is missing or still running.</summary>
    Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>True while any job, final or not, refers to the input with this hash.</summary>
    Task<bool> IsInputUsedAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>How many renders, final or not, have used a video with this content hash.</summary>
    Task<int> CountRendersOfVideoAsync(string videoHash, CancellationToken cancellationToken = default);
    /// <summary>Records that a worker process is alive: its host, slots and the jobs it runs now. Repeated every few seconds.</summary>
    Task AnnounceWorkerAsync(WorkerStatus worker, CancellationToken cancellationToken = default);

    /// <summary>Forgets a worker that stopped cleanly.</summary>
    Task RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>Workers that announced themselves within <paramref name="seenWithin"/>, by host and id.</summary>
    Task<IReadOnlyList<WorkerStatus>> ListWorkersAsync(TimeSpan seenWithin, CancellationToken cancellationToken = default);
}
