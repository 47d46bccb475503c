using Mouthpiece.Distributed.Postgres;
using Npgsql;

namespace Mouthpiece.Distributed.Tests;

/// <summary>
/// The throwaway PostgreSQL and RabbitMQ that ./test.sh starts (scripts/test-services.sh) and names in environment
/// variables. Without them these tests fail, saying so: a test of the real services never passes without them.
/// </summary>
public static class TestServices
{
    private const string Hint = "; run ./test.sh, which starts throwaway instances, or eval \"$(scripts/test-services.sh start DIR)\" first";

    public static string Postgres => Variable("MOUTHPIECE_TEST_POSTGRES", "PostgreSQL");

    public static string Amqp => Variable("MOUTHPIECE_TEST_AMQP", "RabbitMQ");

    /// <summary>A new, empty database on the test server, so each test class starts from nothing.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var name = "mouthpiece_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(Postgres));
        // Unpooled: a cluster test restarts the server, which breaks every pooled connection.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = name;
        return server.ConnectionString;
    }

    private static string Variable(string name, string service) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: the {service} for these tests is missing{Hint}");
}
