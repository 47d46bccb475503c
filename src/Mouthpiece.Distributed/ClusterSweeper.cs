using Mouthpiece.Distributed.Postgres;
using Mouthpiece.Distributed.RabbitMq;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Distributed;

/// <summary>
/// The cluster's housekeeping, done by one node at a time: the one holding a PostgreSQL advisory lock (every node
/// tries; when the holder dies its session ends and the lock passes on). Each round it puts back the jobs of
/// workers that died (leases run out) and, when the store has more runnable jobs than the work queue has
/// wake-ups, publishes the missing ones: a lost message, a job whose retry time came, a render whose video's
/// normalization finished. Messages are therefore only ever a shortcut; the store decides.
/// </summary>
internal sealed class ClusterSweeper(NpgsqlDataSource database, PostgresJobStore store, RabbitDispatch dispatch, TimeSpan interval)
{
    /// <summary>At most this many wake-ups per round, so a huge backlog is not flooded into the broker at once.</summary>
    private const int MaxWakeUpsPerRound = 1000;

    public async Task RunAsync(JobSystem system, CancellationToken cancellationToken)
    {
        NpgsqlConnection? lockHolder = null;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    lockHolder ??= await TryTakeTurnAsync(cancellationToken);
                    if (lockHolder is not null)
                        await SweepAsync(system, cancellationToken);
                }
                catch (Exception e) when (StoreOutage.Is(e) || RabbitBroker.IsOutage(e))
                {
                    // The database or the broker is restarting. A lock held by a broken session is gone with it; take it again later.
                    system.Log.NodeWarning(system.ProcessTag, $"sweeper: {e.Message}");
                    if (lockHolder is not null)
                        await lockHolder.DisposeAsync();
                    lockHolder = null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (lockHolder is not null)
                await lockHolder.DisposeAsync();
        }
    }

    /// <summary>A session holding the sweeper's lock, or null when another node holds it.</summary>
    private async Task<NpgsqlConnection?> TryTakeTurnAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        take.Parameters.AddWithValue("key", AdvisoryLocks.Sweeper);
        if (await take.ExecuteScalarAsync(cancellationToken) is true)
            return connection;
        await connection.DisposeAsync();
        return null;
    }

    private async Task SweepAsync(JobSystem system, CancellationToken cancellationToken)
    {
        foreach (var id in await store.ReclaimExpiredLeasesAsync(cancellationToken))
            if (await store.GetAsync(id, cancellationToken) is { } job)
            {
                system.Log.Warning(job, null, job.State == JobState.Failed ? $"failed: {job.Error}" : "queued again: its worker stopped responding");
                system.Announce(job);
            }
        var runnable = await store.CountRunnableAsync(cancellationToken);
        var waiting = await dispatch.WaitingWakeUpsAsync(cancellationToken);
        if (runnable > waiting)
            await dispatch.AnnounceAsync(Math.Min(MaxWakeUpsPerRound, runnable - (int)waiting), cancellationToken);
    }
}
