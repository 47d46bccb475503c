namespace Mouthpiece.Jobs;

/// <summary>
/// Carries job changes between the processes that share a queue, so a page served by one process shows live
/// what another one runs. Embedded, the SQLite store itself is the feed (<see cref="SqliteChangeFeed"/>);
/// across machines, a RabbitMQ topic exchange (Mouthpiece.Distributed).
/// </summary>
public interface IJobEventFeed
{
    /// <summary>Sends a change made in this process to the others; returns at once and never fails the caller (a lost update is overtaken by the next).</summary>
    void Publish(JobUpdate update);

    /// <summary>
    /// Delivers the changes other processes make into <paramref name="events"/> until <paramref name="cancellationToken"/> ends.
    /// Jobs that run in this process (lease owners starting with <paramref name="processTag"/>) are left to their own
    /// execution, which reports them sooner and at finer grain.
    /// </summary>
    Task FollowAsync(JobEvents events, string processTag, CancellationToken cancellationToken);
}
