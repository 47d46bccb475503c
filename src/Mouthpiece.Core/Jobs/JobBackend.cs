namespace Mouthpiece.Jobs;

/// <summary>
/// Where a job system keeps its queue and how its processes reach each other: the store (the truth about every
/// job), the dispatch (wake-ups for idle workers) and the event feed (changes for screens in other processes), and
/// any work a node does for all of them (the cluster's sweeper). Embedded by default; Mouthpiece.Distributed makes
/// the PostgreSQL + RabbitMQ one.
/// </summary>
public sealed class JobBackend(string node, string description, IJobStore store, IJobDispatch dispatch, IJobEventFeed feed) : IAsyncDisposable
{
    /// <summary>Names this process among all that share the queue (host, process id, and a random part for two job systems in one process).</summary>
    public string Node { get; } = node;

    /// <summary>Says where the jobs are, for people (no passwords).</summary>
    public string Description { get; } = description;

    public IJobStore Store { get; } = store;

    public IJobDispatch Dispatch { get; } = dispatch;

    public IJobEventFeed Feed { get; } = feed;

    /// <summary>Background work every node of this backend takes part in until stopped; none when embedded.</summary>
    public Func<JobSystem, CancellationToken, Task>? NodeWork { get; init; }

    /// <summary>Connections to close when the job system closes.</summary>
    public IAsyncDisposable? Resources { get; init; }

    /// <summary>
    /// The embedded queue: one SQLite file in the data directory. Refuses a data directory on a network file system,
    /// where SQLite's locks do not hold, and names the mode to use there instead.
    /// </summary>
    public static async Task<JobBackend> OpenEmbeddedAsync(DataDirectory data, JobSystemOptions options, CancellationToken cancellationToken = default)
    {
        NetworkFileSystem.EnsureLocal(data.Root);
        var path = data.JobDatabase;
        var store = await SqliteJobStore.OpenAsync(path, options.MaxAttempts, cancellationToken);
        return new JobBackend(NewNodeTag(), $"embedded (SQLite, {path})", store, new LocalDispatch(), new SqliteChangeFeed(store, options.EventPoll));
    }

    public static string NewNodeTag() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public ValueTask DisposeAsync() => Resources?.DisposeAsync() ?? ValueTask.CompletedTask;
}
