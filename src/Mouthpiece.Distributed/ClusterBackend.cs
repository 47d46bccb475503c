using Dapper;
using Mouthpiece.Distributed.Postgres;
using Mouthpiece.Distributed.RabbitMq;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Distributed;

/// <summary>
/// The many-machines backend: PostgreSQL holds the jobs (the truth), RabbitMQ wakes workers and carries events,
/// and every node shares one data directory (inputs, outputs, caches) mounted at the same path.
/// </summary>
public static class ClusterBackend
{
    /// <summary>Where the cluster's data directory is recorded; the same file must be seen by every node.</summary>
    public const string MarkerFile = ".mouthpiece-cluster";

    /// <summary>How often the sweeping node puts back dead workers' jobs and tops up missing wake-ups.</summary>
    public static readonly TimeSpan DefaultSweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>Connects to both services, migrates the schema, checks the shared directory.</summary>
    /// <exception cref="FormatException">A URL is malformed.</exception>
    /// <exception cref="InvalidOperationException">A service cannot be reached, or the data directory is not the cluster's.</exception>
    public static async Task<JobBackend> OpenAsync(DataDirectory data, JobSystemOptions options, ClusterSettings settings, CancellationToken cancellationToken = default)
    {
        var node = JobBackend.NewNodeTag();
        var database = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(settings.Store));
        RabbitBroker? broker = null;
        try
        {
            var store = await ConnectAsync(() => PostgresJobStore.OpenAsync(database, options.MaxAttempts, cancellationToken), settings.Store);
            await EnsureSharedDirectoryAsync(database, data, cancellationToken);
            broker = await RabbitBroker.ConnectAsync(settings.Broker, "mouthpiece " + node, cancellationToken);
            var dispatch = new RabbitDispatch(broker, options.Concurrency);
            var feed = new RabbitEventFeed(broker, node);
            var sweeper = new ClusterSweeper(database, store, dispatch, settings.SweepInterval);
            return new JobBackend(node, $"cluster ({PostgresUrl.Redacted(settings.Store)}, {broker.Description})", store, dispatch, feed)
            {
                NodeWork = sweeper.RunAsync,
                Resources = new Resources(feed, dispatch, broker, database),
            };
        }
        catch
        {
            if (broker is not null)
                await broker.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    private static async Task<T> ConnectAsync<T>(Func<Task<T>> open, string store)
    {
        try
        {
            return await open();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"cannot use PostgreSQL at {PostgresUrl.Redacted(store)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Every node must see the same data directory at the same path: jobs record absolute paths of their inputs and
    /// outputs. The first node records the path and an id in the database and in a marker file; the others must find
    /// both, or they would render into a folder nobody else sees.
    /// </summary>
    internal static async Task EnsureSharedDirectoryAsync(NpgsqlDataSource database, DataDirectory data, CancellationToken cancellationToken)
    {
        data.EnsureCreated();
        await PostgresSchema.MigrateAsync(database, "cluster", ["CREATE TABLE cluster (key text PRIMARY KEY, value text NOT NULL);"], cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var marker = Path.Combine(data.Root, MarkerFile);
        var id = Guid.NewGuid().ToString("N");
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO cluster (key, value) VALUES ('data_id', @id), ('data_root', @root) ON CONFLICT (key) DO NOTHING",
            new { id, root = data.Root }, cancellationToken: cancellationToken));
        var recorded = (await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM cluster", cancellationToken: cancellationToken))).ToDictionary(row => row.Key, row => row.Value);
        if (recorded["data_root"] != data.Root)
            throw new InvalidOperationException(
                $"this cluster's data directory is {recorded["data_root"]}, but this node was given {data.Root}: mount the shared directory at the same path on every machine (or pass --data {recorded["data_root"]})");
        if (recorded["data_id"] == id && !File.Exists(marker))
            await File.WriteAllTextAsync(marker, id, cancellationToken);
        var found = File.Exists(marker) ? (await File.ReadAllTextAsync(marker, cancellationToken)).Trim() : null;
        if (found != recorded["data_id"])
            throw new InvalidOperationException(
                $"{data.Root} on this machine is not the cluster's shared data directory ({(found is null ? $"{MarkerFile} is missing" : $"{MarkerFile} belongs to another cluster")}): "
                + "mount the shared folder (NFS, SMB, CephFS…) there before starting this node");
    }

    /// <summary>Closes in order: the feed sends its last events, then the channels, the connection, the database pool.</summary>
    private sealed class Resources(params IAsyncDisposable[] parts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var part in parts)
                await part.DisposeAsync();
        }
    }
}

/// <summary>Where a cluster's services are: <c>--store postgres://…</c> and <c>--broker amqp://…</c>.</summary>
public sealed record ClusterSettings(string Store, string Broker)
{
    public const string StoreVariable = "MOUTHPIECE_STORE";
    public const string BrokerVariable = "MOUTHPIECE_BROKER";

    public TimeSpan SweepInterval { get; init; } = ClusterBackend.DefaultSweepInterval;

    /// <summary>
    /// The settings from options (falling back on <c>MOUTHPIECE_STORE</c> / <c>MOUTHPIECE_BROKER</c>), or null for the
    /// embedded mode when neither is set.
    /// </summary>
    /// <exception cref="FormatException">Only one of the two is set, or one is malformed.</exception>
    public static ClusterSettings? Resolve(string? store, string? broker)
    {
        store = NonEmpty(store) ?? NonEmpty(Environment.GetEnvironmentVariable(StoreVariable));
        broker = NonEmpty(broker) ?? NonEmpty(Environment.GetEnvironmentVariable(BrokerVariable));
        if (store is null && broker is null)
            return null;
        if (store is null || broker is null)
            throw new FormatException($"the many-machines mode needs both --store postgres://… and --broker amqp://… ({StoreVariable} / {BrokerVariable}); {(store is null ? "--store" : "--broker")} is missing");
        PostgresUrl.ToConnectionString(store);
        RabbitBroker.Factory(broker);
        return new ClusterSettings(store, broker);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
