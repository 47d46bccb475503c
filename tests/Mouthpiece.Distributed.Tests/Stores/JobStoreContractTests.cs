using Mouthpiece.Distributed.Postgres;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Distributed.Tests.Stores;

/// <summary>The contract against the embedded store: a fresh SQLite file per test.</summary>
public sealed class SqliteJobStoreContractTests : JobStoreContract, IDisposable
{
    private readonly Scratch _scratch = new();

    protected override async Task<IJobStore> OpenStoreAsync(int maxAttempts) =>
        await SqliteJobStore.OpenAsync(_scratch.File("jobs.db"), maxAttempts);

    public void Dispose() => _scratch.Dispose();
}

/// <summary>The contract against the PostgreSQL store: a fresh database per test on the test server.</summary>
public sealed class PostgresJobStoreContractTests : JobStoreContract
{
    private NpgsqlDataSource? _database;

    protected override async Task<IJobStore> OpenStoreAsync(int maxAttempts)
    {
        _database = NpgsqlDataSource.Create(await TestServices.NewDatabaseAsync());
        return await PostgresJobStore.OpenAsync(_database, maxAttempts);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_nodes_opening_a_new_database_at_once_migrate_it_once()
    {
        var connection = await TestServices.NewDatabaseAsync();
        await using var a = NpgsqlDataSource.Create(connection);
        await using var b = NpgsqlDataSource.Create(connection);

        await Task.WhenAll(PostgresJobStore.OpenAsync(a, MaxAttempts), PostgresJobStore.OpenAsync(b, MaxAttempts));

        await using var command = a.CreateCommand("SELECT version FROM mouthpiece_schema WHERE component = 'jobs'");
        Assert.Equal(PostgresJobStore.Migrations.Length, await command.ExecuteScalarAsync());
    }
}
