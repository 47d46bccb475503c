using Npgsql;

namespace Mouthpiece.Distributed.Postgres;

/// <summary>
/// Runs database work on a pooled connection. A server restart leaves every idle pooled connection broken, and the
/// first command on each would fail; so when work fails because its connection broke, the pool is emptied and the
/// work runs again (at most twice more) on a fresh connection. Every caller's work is safe to repeat.
/// </summary>
public static class PostgresConnections
{
    private const int Attempts = 3;

    public static async Task<T> RunAsync<T>(NpgsqlDataSource database, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                return await work(connection);
            }
            catch (NpgsqlException e) when (attempt < Attempts && IsBrokenConnection(e))
            {
                database.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    public static Task RunAsync(NpgsqlDataSource database, Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync(database, async connection =>
        {
            await work(connection);
            return true;
        }, cancellationToken);

    /// <summary>The connection, not the statement, failed: a network fault, or the server shutting down or starting up.</summary>
    private static bool IsBrokenConnection(NpgsqlException e) =>
        e is PostgresException postgres ? postgres.SqlState is "57P01" or "57P02" or "57P03" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) : e.IsTransient;
}
