using Dapper;
using Npgsql;

namespace Mouthpiece.Distributed.Postgres;

/// <summary>
/// Versioned schemas in PostgreSQL: each part of the program (the job store, the web's tables) has its own list of
/// migration steps, and the table <c>mouthpiece_schema</c> records how many of them a database has had. Nodes that
/// start at the same time take turns under an advisory lock, so each step runs once.
/// </summary>
public static class PostgresSchema
{
    public static async Task MigrateAsync(NpgsqlDataSource database, string component, IReadOnlyList<string> steps, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLocks.Schema }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS mouthpiece_schema (component text PRIMARY KEY, version integer NOT NULL)", transaction: transaction, cancellationToken: cancellationToken));
        var version = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT version FROM mouthpiece_schema WHERE component = @component", new { component }, transaction, cancellationToken: cancellationToken)) ?? 0;
        if (version > steps.Count)
            throw new InvalidOperationException(
                $"the database's {component} schema is version {version}, newer than this program's {steps.Count}: another node runs a newer Mouthpiece; upgrade this one");
        for (var step = version; step < steps.Count; step++)
            await connection.ExecuteAsync(new CommandDefinition(steps[step], transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO mouthpiece_schema (component, version) VALUES (@component, @version)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version
            """, new { component, version = steps.Count }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>The keys of the PostgreSQL advisory locks the nodes coordinate with (any fixed numbers, distinct).</summary>
internal static class AdvisoryLocks
{
    /// <summary>Held while a node migrates a schema.</summary>
    public const long Schema = 0x4d6f757468_01;

    /// <summary>Held by the one node that sweeps: reclaims expired leases and republishes wake-ups nobody took.</summary>
    public const long Sweeper = 0x4d6f757468_02;
}
