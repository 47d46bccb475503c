using System.Text;
using Mouthpiece.Diagnostics;
using Mouthpiece.Distributed.Postgres;
using Mouthpiece.Distributed.RabbitMq;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Distributed;

/// <summary>
/// <c>mouthpiece doctor</c>'s checks of where the jobs live: embedded, that the data directory is on a local disk;
/// in a cluster, both services and the shared directory.
/// </summary>
public static class ClusterChecks
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(DataDirectory data, ClusterSettings? cluster, CancellationToken cancellationToken = default)
    {
        if (cluster is null)
            return [LocalDataDirectory(data)];
        return [await PostgresAsync(cluster, cancellationToken), await RabbitMqAsync(cluster, cancellationToken), await SharedDirectoryAsync(data, cluster, cancellationToken)];
    }

    private static CheckResult LocalDataDirectory(DataDirectory data)
    {
        var type = NetworkFileSystem.TypeOf(data.Root) ?? "unknown";
        return NetworkFileSystem.IsNetworkType(type)
            ? new("data directory", false, $"{data.Root} is on a network file system ({type})",
                "SQLite's locks are not reliable there: move it to a local disk, or use the many-machines mode (--store postgres://… --broker amqp://…, README \"Many machines\")")
            : new("data directory", true, $"{data.Root} ({type}, local)");
    }

    private static async Task<CheckResult> PostgresAsync(ClusterSettings cluster, CancellationToken cancellationToken)
    {
        var where = PostgresUrl.Redacted(cluster.Store);
        try
        {
            await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(cluster.Store));
            await connection.OpenAsync(cancellationToken);
            return new("PostgreSQL", true, $"{connection.PostgreSqlVersion} at {where}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return new("PostgreSQL", false, $"cannot connect to {where}: {e.Message}", "start PostgreSQL 15 there, or correct --store / MOUTHPIECE_STORE (README \"Many machines\")");
        }
    }

    private static async Task<CheckResult> RabbitMqAsync(ClusterSettings cluster, CancellationToken cancellationToken)
    {
        try
        {
            await using var broker = await RabbitBroker.ConnectAsync(cluster.Broker, "mouthpiece doctor", cancellationToken);
            var version = broker.Connection.ServerProperties?.TryGetValue("version", out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "?";
            return new("RabbitMQ", true, $"RabbitMQ {version} at {broker.Description}");
        }
        catch (InvalidOperationException e)
        {
            return new("RabbitMQ", false, e.Message, "start RabbitMQ 3.10 there, or correct --broker / MOUTHPIECE_BROKER (README \"Many machines\")");
        }
    }

    private static async Task<CheckResult> SharedDirectoryAsync(DataDirectory data, ClusterSettings cluster, CancellationToken cancellationToken)
    {
        var type = NetworkFileSystem.TypeOf(data.Root) ?? "unknown";
        try
        {
            await using var database = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(cluster.Store));
            await ClusterBackend.EnsureSharedDirectoryAsync(database, data, cancellationToken);
            var probe = Path.Combine(data.Root, $".doctor-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return new("shared directory", true, $"{data.Root} ({type}), the cluster's, writable");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or NpgsqlException)
        {
            return new("shared directory", false, e.Message, "mount the folder all nodes share at the same path on every machine");
        }
    }
}
