using System.Globalization;
using Microsoft.Data.Sqlite;
using Mouthpiece.Messages;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Jobs;

/// <summary>
/// The embedded job queue: one SQLite file in WAL mode with full sync, so a committed job survives a
/// crash or a power cut. Leases are taken inside <c>BEGIN IMMEDIATE</c>, which holds the database's
/// write lock from the first read, so two processes can never take the same job.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string Running = "state IN ('preparing', 'rendering')";
    private const string Final = "state IN ('done', 'failed', 'canceled')";

    /// <summary>Jobs stored before queue keys were kept queue by their submission time.</summary>
    private const string QueueOrderSql = "COALESCE(queue_key, created_at), seq";
    private readonly string connectionString;
    private readonly int maxAttempts;

    private SqliteJobStore(string databasePath, int maxAttempts)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        this.maxAttempts = maxAttempts;
    }

    /// <summary>Opens (creating if needed) the queue in <paramref name="databasePath"/>.</summary>
    /// <param name="maxAttempts">How often a job may be taken before a worker dying on it counts as a failure.</param>
    public static async Task<SqliteJobStore> OpenAsync(string databasePath, int maxAttempts, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var queue = new SqliteJobStore(databasePath, maxAttempts);
        await using var connection = await queue.ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await MigrateAsync(connection, cancellationToken);
        return queue;
    }

    /// <summary>
    /// Brings the file's schema up to this program's version (kept in <c>PRAGMA user_version</c>), one step at a time,
    /// inside the write lock so two processes opening the same file at once do not both migrate it. Files made before
    /// versioning are at version 0 and may already have some steps; those steps check before they change anything.
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>[] steps =
        [
            (c, t, ct) => ExecuteAsync(c, t, Schema, ct),
            MigrateSentencesToCodesAsync,
            (c, t, ct) => ExecuteAsync(c, t, ChangeFeedAndWorkers, ct),
            (c, t, ct) => ExecuteAsync(c, t, QueueOrderColumns, ct),
        ];
        await using var transaction = connection.BeginTransaction(deferred: false);
        using var read = Command(connection, transaction, "PRAGMA user_version");
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (version > steps.Length)
            throw new InvalidOperationException($"the job database was made by a newer Mouthpiece (schema {version}, this program knows {steps.Length}); upgrade Mouthpiece");
        for (var step = version; step < steps.Length; step++)
            await steps[step](connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {steps.Length}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Stages and errors used to be stored as English sentences in <c>stage</c> and <c>error</c>; they are codes
    /// with parameters now. Old stages that have a code get it; any other old text is kept word for word
    /// under <c>legacy.text</c>, so nothing is lost.
    /// </summary>
    private static async Task MigrateSentencesToCodesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var columns = Command(connection, transaction, "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = 'stage'");
        if (Convert.ToInt64(await columns.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1)
        {
            await ExecuteAsync(connection, transaction, """
                ALTER TABLE jobs ADD COLUMN stage_code TEXT NOT NULL DEFAULT 'stage.queued';
                ALTER TABLE jobs ADD COLUMN stage_params TEXT;
                ALTER TABLE jobs ADD COLUMN error_code TEXT;
                ALTER TABLE jobs ADD COLUMN error_params TEXT;
                UPDATE jobs SET stage_code = CASE stage
                        WHEN 'queued' THEN 'stage.queued' WHEN 'starting' THEN 'stage.starting' WHEN 'probing' THEN 'stage.probing'
                        WHEN 'analyzing audio' THEN 'stage.analyzing_audio' WHEN 'rendering' THEN 'stage.rendering'
                        WHEN 'finishing' THEN 'stage.finishing' WHEN 'normalizing' THEN 'stage.normalizing'
                        WHEN 'waiting for its video to be normalized' THEN 'stage.waiting_for_normalization'
                        WHEN 'queued again: its worker stopped' THEN 'stage.requeued' WHEN 'waiting to retry' THEN 'stage.waiting_to_retry'
                        WHEN 'done' THEN 'stage.done' WHEN 'failed' THEN 'stage.failed' WHEN 'canceled' THEN 'stage.canceled'
                        ELSE 'legacy.text' END;
                UPDATE jobs SET stage_params = json_object('text', stage) WHERE stage_code = 'legacy.text';
                UPDATE jobs SET error_code = 'legacy.text', error_params = json_object('text', error) WHERE error IS NOT NULL;
                ALTER TABLE jobs DROP COLUMN stage;
                ALTER TABLE jobs DROP COLUMN error;
                """, cancellationToken);
        }
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS jobs (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            id            TEXT NOT NULL UNIQUE,
            kind          TEXT NOT NULL,
            batch_id      TEXT,
            audio_hash    TEXT, audio_path TEXT, audio_name TEXT,
            video_hash    TEXT NOT NULL, video_path TEXT NOT NULL, video_name TEXT NOT NULL,
            face_index    INTEGER,
            preset        TEXT,
            output_path   TEXT NOT NULL,
            output_name   TEXT NOT NULL,
            depends_on    TEXT,
            state         TEXT NOT NULL,
            stage_code    TEXT NOT NULL DEFAULT 'stage.queued',
            stage_params  TEXT,
            progress      REAL NOT NULL DEFAULT 0,
            eta_ms        INTEGER,
            attempts      INTEGER NOT NULL DEFAULT 0,
            error_code    TEXT,
            error_params  TEXT,
            created_at    INTEGER NOT NULL,
            started_at    INTEGER,
            finished_at   INTEGER,
            not_before    INTEGER,
            lease_owner   TEXT,
            lease_expires INTEGER
        );
        CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (kind, state, seq);
        CREATE INDEX IF NOT EXISTS jobs_by_batch ON jobs (batch_id, seq);
        CREATE INDEX IF NOT EXISTS jobs_by_dependency ON jobs (depends_on);
        """;

    /// <summary>Each job's size, from which its time is estimated, and its place in the queue (<see cref="QueueOrder"/>).</summary>
    private const string QueueOrderColumns = """
        ALTER TABLE jobs ADD COLUMN work TEXT;
        ALTER TABLE jobs ADD COLUMN queue_key INTEGER;
        """;

    /// <summary>
    /// Every insert or change of a job stamps it with the next number of one counter, so a reader that remembers the
    /// last number it saw gets exactly what changed since (SQLite has one writer at a time: numbers are commit-ordered).
    /// The workers table holds each worker process's announcement.
    /// </summary>
    private const string ChangeFeedAndWorkers = """
        ALTER TABLE jobs ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX jobs_by_change ON jobs (changed);
        CREATE TABLE job_change_counter (n INTEGER NOT NULL);
        INSERT INTO job_change_counter VALUES (0);
        CREATE TRIGGER jobs_inserted AFTER INSERT ON jobs BEGIN
            UPDATE job_change_counter SET n = n + 1;
            UPDATE jobs SET changed = (SELECT n FROM job_change_counter) WHERE seq = NEW.seq;
        END;
        CREATE TRIGGER jobs_updated AFTER UPDATE OF state, stage_code, stage_params, progress, eta_ms, attempts, error_code, finished_at, lease_owner ON jobs BEGIN
            UPDATE job_change_counter SET n = n + 1;
            UPDATE jobs SET changed = (SELECT n FROM job_change_counter) WHERE seq = NEW.seq;
        END;
        CREATE TABLE workers (
            id         TEXT PRIMARY KEY,
            host       TEXT NOT NULL,
            pid        INTEGER NOT NULL,
            slots      INTEGER NOT NULL,
            running    TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            seen_at    INTEGER NOT NULL
        );
        """;

    public async Task EnqueueAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var job in jobs)
        {
            using var insert = Command(connection, transaction, """
                INSERT INTO jobs (id, kind, batch_id, audio_hash, audio_path, audio_name, video_hash, video_path, video_name,
                                  face_index, preset, output_path, output_name, depends_on, state,
                                  stage_code, stage_params, error_code, error_params, created_at, finished_at, work, queue_key)
                VALUES (@id, @kind, @batch, @ah, @ap, @an, @vh, @vp, @vn, @face, @preset, @out, @outName, @dep, @state,
                        @stage, @stageParams, @error, @errorParams, @created, @finished, @work, @key)
                ON CONFLICT (id) DO NOTHING
                """,
                ("@id", job.Id), ("@kind", Name(job.Kind)), ("@batch", job.BatchId),
                ("@ah", job.Audio?.Hash), ("@ap", job.Audio?.Path), ("@an", job.Audio?.OriginalName),
                ("@vh", job.Video.Hash), ("@vp", job.Video.Path), ("@vn", job.Video.OriginalName),
                ("@face", job.Options.FaceIndex), ("@preset", job.Options.Preset),
                ("@out", job.OutputPath), ("@outName", job.OutputName), ("@dep", job.DependsOn),
                ("@state", Name(job.State)), ("@stage", job.Stage.Code), ("@stageParams", MessageJson.WriteParams(job.Stage)),
                ("@error", job.Error?.Code), ("@errorParams", job.Error is { } error ? MessageJson.WriteParams(error) : null),
                ("@created", Millis(job.CreatedAt)), ("@finished", job.FinishedAt is { } f ? Millis(f) : null),
                ("@work", job.Work?.ToJson()), ("@key", job.QueueKey));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Job?> TryLeaseAsync(string workerId, JobKind kind, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        // deferred: false is BEGIN IMMEDIATE: the write lock is held from the first read, so the job
        // chosen below cannot be chosen by another process before this one marks it taken.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = DateTimeOffset.UtcNow;
        await ReclaimExpiredLeasesAsync(connection, transaction, now, cancellationToken);
        // The order is the queue key's alone (QueueOrder): short work first, none starved. A render waiting for
        // its video's normalization is skipped, never waited for, so it holds up no worker.
        using var pick = Command(connection, transaction, $"""
            SELECT id FROM jobs j
            WHERE kind = @kind AND state = 'queued' AND (not_before IS NULL OR not_before <= @now)
              AND (depends_on IS NULL OR EXISTS (SELECT 1 FROM jobs d WHERE d.id = j.depends_on AND d.state = 'done'))
            ORDER BY {QueueOrderSql}
            LIMIT 1
            """, ("@kind", Name(kind)), ("@now", Millis(now)));
        if (await pick.ExecuteScalarAsync(cancellationToken) is not string id)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        await ExecuteAsync(connection, transaction, """
            UPDATE jobs SET state = 'preparing', stage_code = 'stage.starting', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = attempts + 1,
                            lease_owner = @worker, lease_expires = @expires, not_before = NULL,
                            started_at = COALESCE(started_at, @now)
            WHERE id = @id
            """, cancellationToken, ("@id", id), ("@worker", workerId), ("@expires", Millis(now + lease)), ("@now", Millis(now)));
        var job = await ReadOneAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>
    /// A running job whose lease ran out lost its worker (a crash, a kill, a hung machine): it is queued
    /// again, or failed when workers have already died on it as often as a job may be tried.
    /// </summary>
    private async Task ReclaimExpiredLeasesAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, $"""
            UPDATE jobs SET
                state = CASE WHEN attempts >= @max THEN 'failed' ELSE 'queued' END,
                stage_code = CASE WHEN attempts >= @max THEN 'stage.failed' ELSE 'stage.requeued' END, stage_params = NULL,
                error_code = CASE WHEN attempts >= @max THEN 'job.worker_lost' ELSE error_code END,
                error_params = CASE WHEN attempts >= @max THEN json_object('attempts', attempts) ELSE error_params END,
                finished_at = CASE WHEN attempts >= @max THEN @now ELSE NULL END,
                lease_owner = NULL, lease_expires = NULL
            WHERE {Running} AND lease_expires < @now
            """, cancellationToken, ("@max", maxAttempts), ("@now", Millis(now)));
        await FailOrphanedDependentsAsync(connection, transaction, now, cancellationToken);
    }

    /// <summary>Renders waiting on a normalization that failed or was canceled can never run: they fail with its reason.</summary>
    private static Task<int> FailOrphanedDependentsAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            UPDATE jobs SET state = 'failed', stage_code = 'stage.failed', stage_params = NULL, finished_at = @now,
                error_code = CASE d.state WHEN 'canceled' THEN 'job.normalization_canceled' ELSE 'job.normalization_failed' END,
                error_params = CASE d.state WHEN 'canceled' THEN NULL
                    ELSE json_object('problem', json_object('code', COALESCE(d.error_code, 'error.unexpected'),
                        'params', json(CASE WHEN d.error_code IS NULL THEN '{"detail":"unknown error"}' ELSE COALESCE(d.error_params, '{}') END))) END
            FROM jobs d
            WHERE jobs.state = 'queued' AND d.id = jobs.depends_on AND d.state IN ('failed', 'canceled')
            """, cancellationToken, ("@now", Millis(now)));

    public async Task<bool> HeartbeatAsync(string jobId, string workerId, JobProgress progress, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, null, $"""
            UPDATE jobs SET lease_expires = @expires, state = @state, stage_code = @stage, stage_params = @stageParams, progress = @progress, eta_ms = @eta
            WHERE id = @id AND lease_owner = @worker AND {Running}
            """, cancellationToken,
            ("@id", jobId), ("@worker", workerId), ("@expires", Millis(DateTimeOffset.UtcNow + lease)),
            ("@state", Name(progress.State)), ("@stage", progress.Stage.Code), ("@stageParams", MessageJson.WriteParams(progress.Stage)), ("@progress", progress.Progress),
            ("@eta", progress.Remaining is { } r ? (long)r.TotalMilliseconds : null));
        return changed == 1;
    }

    public async Task<bool> CompleteAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, null, $"""
            UPDATE jobs SET state = 'done', stage_code = 'stage.done', stage_params = NULL, progress = 100, eta_ms = 0,
                            error_code = NULL, error_params = NULL, finished_at = @now,
                            lease_owner = NULL, lease_expires = NULL
            WHERE id = @id AND lease_owner = @worker AND {Running}
            """, cancellationToken, ("@id", jobId), ("@worker", workerId), ("@now", Millis(DateTimeOffset.UtcNow)));
        return changed == 1;
    }

    public async Task FailAsync(string jobId, string workerId, Message reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync(connection, transaction, $"""
            UPDATE jobs SET
                state = CASE WHEN @retry IS NULL THEN 'failed' ELSE 'queued' END,
                stage_code = CASE WHEN @retry IS NULL THEN 'stage.failed' ELSE 'stage.waiting_to_retry' END, stage_params = NULL,
                error_code = @error, error_params = @errorParams, not_before = @retry,
                finished_at = CASE WHEN @retry IS NULL THEN @now ELSE NULL END,
                eta_ms = NULL, lease_owner = NULL, lease_expires = NULL
            WHERE id = @id AND lease_owner = @worker AND {Running}
            """, cancellationToken,
            ("@id", jobId), ("@worker", workerId), ("@error", reason.Code), ("@errorParams", MessageJson.WriteParams(reason)),
            ("@retry", retryAt is { } at ? Millis(at) : null), ("@now", Millis(now)));
        await FailOrphanedDependentsAsync(connection, transaction, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RequeueAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        // A job given back on shutdown did not fail, so the attempt is not counted against it.
        await ExecuteAsync(connection, null, $"""
            UPDATE jobs SET state = 'queued', stage_code = 'stage.queued', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = MAX(0, attempts - 1),
                            lease_owner = NULL, lease_expires = NULL
            WHERE id = @id AND lease_owner = @worker AND {Running}
            """, cancellationToken, ("@id", jobId), ("@worker", workerId));
    }

    public async Task<Job?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await ReadOneAsync(connection, null, jobId, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(string? batchId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = batchId is null
            ? Command(connection, null, "SELECT * FROM jobs WHERE kind = 'render' ORDER BY seq")
            : Command(connection, null, "SELECT * FROM jobs WHERE batch_id = @batch ORDER BY seq", ("@batch", batchId));
        return await ReadAllAsync(select, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null, $"SELECT * FROM jobs WHERE NOT {Final} ORDER BY {QueueOrderSql}");
        return await ReadAllAsync(select, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CancelAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = DateTimeOffset.UtcNow;
        var canceled = new List<string>();
        foreach (var id in jobIds)
        {
            var changed = await ExecuteAsync(connection, transaction, $"""
                UPDATE jobs SET state = 'canceled', stage_code = 'stage.canceled', stage_params = NULL, eta_ms = NULL, finished_at = @now, lease_owner = NULL, lease_expires = NULL
                WHERE id = @id AND NOT {Final}
                """, cancellationToken, ("@id", id), ("@now", Millis(now)));
            if (changed == 1)
                canceled.Add(id);
        }
        // A normalization no render waits for any more is wasted work; stop it too.
        using var unneeded = Command(connection, transaction, $"""
            UPDATE jobs SET state = 'canceled', stage_code = 'stage.canceled', stage_params = NULL, finished_at = @now, lease_owner = NULL, lease_expires = NULL
            WHERE kind = 'normalize' AND NOT {Final}
              AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.depends_on = jobs.id AND NOT r.{Final})
            RETURNING id
            """, ("@now", Millis(now)));
        await using (var reader = await unneeded.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                canceled.Add(reader.GetString(0));
        await transaction.CommitAsync(cancellationToken);
        return canceled;
    }

    public async Task<bool> RetryAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var job = await ReadOneAsync(connection, transaction, jobId, cancellationToken);
        if (job is null || job.State is not (JobState.Failed or JobState.Canceled))
            return false;
        const string requeue = """
            UPDATE jobs SET state = 'queued', stage_code = 'stage.queued', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = 0,
                            error_code = NULL, error_params = NULL,
                            started_at = NULL, finished_at = NULL, not_before = NULL
            WHERE id = @id AND state IN ('failed', 'canceled')
            """;
        await ExecuteAsync(connection, transaction, requeue, cancellationToken, ("@id", jobId));
        if (job.DependsOn is not null)
            await ExecuteAsync(connection, transaction, requeue, cancellationToken, ("@id", job.DependsOn));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await ExecuteAsync(connection, null, $"DELETE FROM jobs WHERE id = @id AND {Final}", cancellationToken, ("@id", jobId)) == 1;
    }

    public async Task<bool> IsInputUsedAsync(string hash, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null,
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = 'render' AND (audio_hash = @hash OR video_hash = @hash))", ("@hash", hash));
        return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<int> CountRendersOfVideoAsync(string videoHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null, "SELECT COUNT(*) FROM jobs WHERE kind = 'render' AND video_hash = @hash", ("@hash", videoHash));
        return Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The change counter's value now: where a new reader of <see cref="ChangesSinceAsync"/> starts.</summary>
    public async Task<long> ChangeCursorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null, "SELECT n FROM job_change_counter");
        return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Jobs inserted or changed after <paramref name="cursor"/>, oldest change first, and the cursor to ask from next.</summary>
    public async Task<(IReadOnlyList<Job> Jobs, long Cursor)> ChangesSinceAsync(long cursor, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null, "SELECT * FROM jobs WHERE changed > @cursor ORDER BY changed LIMIT @limit", ("@cursor", cursor), ("@limit", limit));
        var jobs = new List<Job>();
        var last = cursor;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(ReadJob(reader));
                last = (long)reader["changed"];
            }
        return (jobs, last);
    }

    public async Task AnnounceWorkerAsync(WorkerStatus worker, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO workers (id, host, pid, slots, running, started_at, seen_at) VALUES (@id, @host, @pid, @slots, @running, @started, @now)
            ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, running = excluded.running, seen_at = excluded.seen_at
            """, cancellationToken,
            ("@id", worker.Id), ("@host", worker.Host), ("@pid", worker.ProcessId), ("@slots", worker.Slots),
            ("@running", string.Join(',', worker.Running)), ("@started", Millis(worker.StartedAt)), ("@now", Millis(DateTimeOffset.UtcNow)));
    }

    public async Task RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM workers WHERE id = @id", cancellationToken, ("@id", workerId));
    }

    public async Task<IReadOnlyList<WorkerStatus>> ListWorkersAsync(TimeSpan seenWithin, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        using var select = Command(connection, null, "SELECT * FROM workers WHERE seen_at >= @since ORDER BY host, id",
            ("@since", Millis(DateTimeOffset.UtcNow - seenWithin)));
        var workers = new List<WorkerStatus>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            workers.Add(new WorkerStatus(
                (string)reader["id"], (string)reader["host"], (int)(long)reader["pid"], (int)(long)reader["slots"],
                ((string)reader["running"]).Split(',', StringSplitOptions.RemoveEmptyEntries), Time((long)reader["started_at"]))
            {
                SeenAt = Time((long)reader["seen_at"]),
            });
        return workers;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // FULL: a commit is on disk before it returns, which is what "accepted" promises the user.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 15000; PRAGMA foreign_keys = ON;", cancellationToken);
        return connection;
    }

    private static async Task<Job?> ReadOneAsync(SqliteConnection connection, SqliteTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        using var select = Command(connection, transaction, "SELECT * FROM jobs WHERE id = @id", ("@id", id));
        var jobs = await ReadAllAsync(select, cancellationToken);
        return jobs.Count == 1 ? jobs[0] : null;
    }

    private static async Task<IReadOnlyList<Job>> ReadAllAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var jobs = new List<Job>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            jobs.Add(ReadJob(reader));
        return jobs;
    }

    private static Job ReadJob(SqliteDataReader row)
    {
        string? Text(string column) => row[column] as string;
        long? Number(string column) => row[column] is long value ? value : null;
        var audioHash = Text("audio_hash");
        return new Job
        {
            Id = Text("id")!,
            Kind = Enum.Parse<JobKind>(Text("kind")!, ignoreCase: true),
            BatchId = Text("batch_id"),
            Audio = audioHash is null ? null : new StoredInput(audioHash, Text("audio_path")!, Text("audio_name")!),
            Video = new StoredInput(Text("video_hash")!, Text("video_path")!, Text("video_name")!),
            Options = new JobOptions { FaceIndex = (int?)Number("face_index"), Preset = Text("preset") },
            OutputPath = Text("output_path")!,
            OutputName = Text("output_name")!,
            DependsOn = Text("depends_on"),
            State = Enum.Parse<JobState>(Text("state")!, ignoreCase: true),
            Stage = MessageJson.Read(Text("stage_code")!, Text("stage_params")),
            Progress = Convert.ToDouble(row["progress"], CultureInfo.InvariantCulture),
            Remaining = Number("eta_ms") is { } eta ? TimeSpan.FromMilliseconds(eta) : null,
            Attempts = (int)Number("attempts")!.Value,
            Error = Text("error_code") is { } error ? MessageJson.Read(error, Text("error_params")) : null,
            CreatedAt = Time(Number("created_at")!.Value),
            StartedAt = Number("started_at") is { } started ? Time(started) : null,
            FinishedAt = Number("finished_at") is { } finished ? Time(finished) : null,
            NotBefore = Number("not_before") is { } notBefore ? Time(notBefore) : null,
            LeaseOwner = Text("lease_owner"),
            LeaseExpires = Number("lease_expires") is { } expires ? Time(expires) : null,
            Work = WorkSize.FromJson(Text("work")),
            QueueKey = Number("queue_key") ?? Number("created_at")!.Value,
        };
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static string Name(JobKind kind) => kind.ToString().ToLowerInvariant();

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
