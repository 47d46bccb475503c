using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mouthpiece.Web.Storage;

/// <summary>The embedded web store: a small SQLite file beside the job queue (data/web.db).</summary>
public sealed class SqliteWebStore : IWebStore
{
    private readonly string connectionString;

    public SqliteWebStore(WebAppOptions options)
    {
        SQLitePCL.Batteries.Init();
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.Data.Root, "web.db") }.ToString();
        using var connection = Open();
        Execute(connection, """
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
        await using var command = Command(connection,
            "INSERT INTO uploads (id, kind, original_name, extension, size, created_at, probe_json) VALUES ($id, $kind, $name, $ext, $size, $created, $probe)",
            ("$id", upload.Id), ("$kind", upload.Kind.ToString()), ("$name", upload.OriginalName), ("$ext", upload.Extension),
            ("$size", upload.Size), ("$created", upload.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("$probe", upload.ProbeJson));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "SELECT id, kind, original_name, extension, size, created_at, probe_json FROM uploads WHERE id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static UploadRecord Read(SqliteDataReader reader) =>
        new(reader.GetString(0), Enum.Parse<UploadKind>(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
            reader.GetInt64(4), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture), reader.GetString(6));

    public async Task<bool> DeleteUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection, "DELETE FROM uploads WHERE id = $id", ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Uploads made before <paramref name="cutoff"/>.</summary>
    public async Task<IReadOnlyList<UploadRecord>> UploadsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "SELECT id, kind, original_name, extension, size, created_at, probe_json FROM uploads WHERE created_at < $cutoff",
            ("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var uploads = new List<UploadRecord>();
        while (await reader.ReadAsync(cancellationToken))
            uploads.Add(Read(reader));
        return uploads;
    }

    /// <summary>Records a HeyGem task code; false when the code is already taken.</summary>
    public async Task<bool> AddHeyGemTaskAsync(string code, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "INSERT OR IGNORE INTO heygem_tasks (code, job_id, created_at) VALUES ($code, $job, $created)",
            ("$code", code), ("$job", jobId), ("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<string?> FindHeyGemJobAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT job_id FROM heygem_tasks WHERE code = $code", ("$code", code));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
