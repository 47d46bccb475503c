using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Mouthpiece.Web.Storage;

/// <summary>The embedded web store: a small SQLite file beside the job queue (data/web.db).</summary>
public sealed class SqliteWebStore : IWebStore
{
    private readonly string _connectionString;

    static SqliteWebStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqliteWebStore(WebAppOptions options)
    {
        SQLitePCL.Batteries.Init();
        _connectionString = new SqliteConnectionStringBuilder { DataSource = options.Data.WebDatabase }.ToString();
        using var connection = Open();
        connection.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS uploads (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, original_name TEXT NOT NULL, extension TEXT NOT NULL,
                size INTEGER NOT NULL, created_at TEXT NOT NULL, probe_json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS heygem_tasks (code TEXT PRIMARY KEY, job_id TEXT NOT NULL, created_at TEXT NOT NULL);
            """);
    }

    public async Task AddUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.ExecuteAsync(Command(
            "INSERT INTO uploads (id, kind, original_name, extension, size, created_at, probe_json) VALUES ($id, $kind, $name, $ext, $size, $created, $probe)",
            new
            {
                id = upload.Id, kind = upload.Kind.ToString(), name = upload.OriginalName, ext = upload.Extension,
                size = upload.Size, created = Text(upload.CreatedAt), probe = upload.ProbeJson,
            },
            cancellationToken));
    }

    public async Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var row = await connection.QuerySingleOrDefaultAsync<SqliteUploadRow>(Command(
            "SELECT id, kind, original_name, extension, size, created_at, probe_json FROM uploads WHERE id = $id", new { id }, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<bool> DeleteUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await connection.ExecuteAsync(Command("DELETE FROM uploads WHERE id = $id", new { id }, cancellationToken)) > 0;
    }

    /// <summary>Uploads made before <paramref name="cutoff"/>.</summary>
    public async Task<IReadOnlyList<UploadRecord>> UploadsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<SqliteUploadRow>(Command(
            "SELECT id, kind, original_name, extension, size, created_at, probe_json FROM uploads WHERE created_at < $cutoff",
            new { cutoff = Text(cutoff) }, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    /// <summary>Records a HeyGem task code; false when the code is already taken.</summary>
    public async Task<bool> AddHeyGemTaskAsync(string code, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await connection.ExecuteAsync(Command(
            "INSERT OR IGNORE INTO heygem_tasks (code, job_id, created_at) VALUES ($code, $job, $created)",
            new { code, job = jobId, created = Text(DateTimeOffset.UtcNow) }, cancellationToken)) > 0;
    }

    public async Task<string?> FindHeyGemJobAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await connection.ExecuteScalarAsync<string?>(
            Command("SELECT job_id FROM heygem_tasks WHERE code = $code", new { code }, cancellationToken));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, cancellationToken: cancellationToken);

    // Times are ISO 8601 text in UTC, which sorts and compares as the times do.
    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    // Times are ISO 8601 text (Dapper maps original_name to OriginalName).
    private sealed class SqliteUploadRow : UploadRow<string>
    {
        protected override DateTimeOffset Time(string stored) => DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);
    }
}
