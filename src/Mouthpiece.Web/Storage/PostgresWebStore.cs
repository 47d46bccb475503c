using Dapper;
using Mouthpiece.Distributed;
using Mouthpiece.Distributed.Postgres;
using Npgsql;

namespace Mouthpiece.Web.Storage;

/// <summary>The web store of a cluster: tables in the cluster's PostgreSQL, created and migrated on first use.</summary>
public sealed class PostgresWebStore(ClusterSettings cluster) : IWebStore, IAsyncDisposable
{
    private const string UploadColumns = "id AS Id, kind AS Kind, original_name AS OriginalName, extension AS Extension, size AS Size, created_at AS CreatedAt, probe_json AS ProbeJson";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE uploads (
            id text PRIMARY KEY, kind text NOT NULL, original_name text NOT NULL, extension text NOT NULL,
            size bigint NOT NULL, created_at timestamptz NOT NULL, probe_json text NOT NULL);
        CREATE INDEX uploads_by_age ON uploads (created_at);
        CREATE TABLE heygem_tasks (code text PRIMARY KEY, job_id text NOT NULL, created_at timestamptz NOT NULL);
        """,
    ];

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(cluster.Store));
    private readonly SemaphoreSlim _migrating = new(1);
    private bool _migrated;

    public async Task AddUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO uploads (id, kind, original_name, extension, size, created_at, probe_json) VALUES (@Id, @Kind, @OriginalName, @Extension, @Size, @CreatedAt, @ProbeJson)",
                new { upload.Id, Kind = upload.Kind.ToString(), upload.OriginalName, upload.Extension, upload.Size, CreatedAt = upload.CreatedAt.UtcDateTime, upload.ProbeJson },
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken)
    {
        return await RunAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PostgresUploadRow>(new CommandDefinition(
                $"SELECT {UploadColumns} FROM uploads WHERE id = @id", new { id }, cancellationToken: cancellationToken));
            return row?.ToRecord();
        }, cancellationToken);
    }

    public async Task<bool> DeleteUploadAsync(string id, CancellationToken cancellationToken)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM uploads WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<UploadRecord>> UploadsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        return await RunAsync<IReadOnlyList<UploadRecord>>(async connection =>
        {
            var rows = await connection.QueryAsync<PostgresUploadRow>(new CommandDefinition(
                $"SELECT {UploadColumns} FROM uploads WHERE created_at < @cutoff", new { cutoff = cutoff.UtcDateTime }, cancellationToken: cancellationToken));
            return [.. rows.Select(row => row.ToRecord())];
        }, cancellationToken);
    }

    public async Task<bool> AddHeyGemTaskAsync(string code, string jobId, CancellationToken cancellationToken)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO heygem_tasks (code, job_id, created_at) VALUES (@code, @jobId, now()) ON CONFLICT (code) DO NOTHING",
                new { code, jobId }, cancellationToken: cancellationToken)) > 0;
        }, cancellationToken);
    }

    public async Task<string?> FindHeyGemJobAsync(string code, CancellationToken cancellationToken)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT job_id FROM heygem_tasks WHERE code = @code", new { code }, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await PostgresConnections.RunAsync(_database, work, cancellationToken);
    }

    private async Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await PostgresConnections.RunAsync(_database, work, cancellationToken);
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated))
            return;
        await _migrating.WaitAsync(cancellationToken);
        try
        {
            if (!_migrated)
                await PostgresSchema.MigrateAsync(_database, "web", Migrations, cancellationToken);
            Volatile.Write(ref _migrated, true);
        }
        finally
        {
            _migrating.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _migrating.Dispose();
    }

    private sealed class PostgresUploadRow : UploadRow<DateTime>
    {
        protected override DateTimeOffset Time(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
    }
}
