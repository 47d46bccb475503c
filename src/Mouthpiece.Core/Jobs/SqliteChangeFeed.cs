namespace Mouthpiece.Jobs;

/// <summary>
/// The embedded event feed: every process already writes its changes (and, by heartbeat, its progress) to the
/// SQLite file, so following the store's change counter a few times a second is all it takes to see what the other
/// processes on the same data directory do. Nothing is sent: <see cref="Publish"/> has nothing to do.
/// </summary>
public sealed class SqliteChangeFeed(SqliteJobStore store, TimeSpan interval) : IJobEventFeed
{
    private const int Batch = 500;

    public void Publish(JobUpdate update)
    {
    }

    public async Task FollowAsync(JobEvents events, string processTag, CancellationToken cancellationToken)
    {
        var cursor = await store.ChangeCursorAsync(cancellationToken);
        using var timer = new PeriodicTimer(interval);
        while (await Tick(timer, cancellationToken))
        {
            try
            {
                cursor = await DeliverAsync(events, processTag, cursor, cancellationToken);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // A busy or briefly locked file: the changes are still there at the next tick.
            }
        }
    }

    private async Task<long> DeliverAsync(JobEvents events, string processTag, long cursor, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (jobs, next) = await store.ChangesSinceAsync(cursor, Batch, cancellationToken);
            foreach (var job in jobs.Where(job => job.LeaseOwner?.StartsWith(processTag, StringComparison.Ordinal) != true))
                events.Publish(job);
            if (jobs.Count < Batch)
                return next;
            cursor = next;
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
