using Dapper;
using Microsoft.Data.Sqlite;
using Mouthpiece.Messages;
using Mouthpiece.Subtitles;

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
    private readonly string _connectionString;
    private readonly int _maxAttempts;

    static SqliteJobStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private SqliteJobStore(string databasePath, int maxAttempts)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _maxAttempts = maxAttempts;
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
            (c, t, ct) => ExecuteAsync(c, t, RenderChoices, ct),
            (c, t, ct) => ExecuteAsync(c, t, SpeechColumns, ct),
            (c, t, ct) => ExecuteAsync(c, t, OutputColumns, ct),
            (c, t, ct) => ExecuteAsync(c, t, QueueOrderColumns, ct),
        ];
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = await connection.ExecuteScalarAsync<int>(Command(transaction, "PRAGMA user_version", cancellationToken));
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
        if (await connection.ExecuteScalarAsync<long>(Command(transaction, "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = 'stage'", cancellationToken)) == 1)
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

    /// <summary>The engine, model and device a render chooses (added with the neural engine and the GPU paths).</summary>
    private const string RenderChoices = """
        ALTER TABLE jobs ADD COLUMN engine TEXT;
        ALTER TABLE jobs ADD COLUMN model_path TEXT;
        ALTER TABLE jobs ADD COLUMN device TEXT;
        """;

    /// <summary>What a job reads aloud and subtitles: the script and its voice, the subtitle choices, the recording's subtitle script.</summary>
    private const string SpeechColumns = """
        ALTER TABLE jobs ADD COLUMN script_text TEXT;
        ALTER TABLE jobs ADD COLUMN voice TEXT;
        ALTER TABLE jobs ADD COLUMN subtitles TEXT;
        ALTER TABLE jobs ADD COLUMN retime_script INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN subtitle_hash TEXT;
        ALTER TABLE jobs ADD COLUMN subtitle_path TEXT;
        ALTER TABLE jobs ADD COLUMN subtitle_name TEXT;
        """;

    /// <summary>The output settings (size, encoder quality, long-speech playback) take the place of the x264 preset, which nothing set.</summary>
    private const string OutputColumns = """
        ALTER TABLE jobs ADD COLUMN output_size TEXT;
        ALTER TABLE jobs ADD COLUMN quality TEXT;
        ALTER TABLE jobs ADD COLUMN long_audio TEXT;
        ALTER TABLE jobs DROP COLUMN preset;
        """;

    /// <summary>Each job's size, from which its time is estimated, and its place in the queue (<see cref="Scheduling.QueueOrder"/>) and in its batch.</summary>
    private const string QueueOrderColumns = """
        ALTER TABLE jobs ADD COLUMN work TEXT;
        ALTER TABLE jobs ADD COLUMN queue_key INTEGER;
        ALTER TABLE jobs ADD COLUMN batch_item INTEGER;
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
            await ExecuteAsync(connection, transaction, """
                INSERT INTO jobs (id, kind, batch_id, audio_hash, audio_path, audio_name, video_hash, video_path, video_name,
                                  script_text, voice, subtitle_hash, subtitle_path, subtitle_name,
                                  face_index, output_size, quality, long_audio, engine, model_path, device, subtitles, retime_script, output_path, output_name, depends_on, state,
                                  stage_code, stage_params, error_code, error_params, created_at, finished_at, work, queue_key, batch_item)
                VALUES (@id, @kind, @batch, @ah, @ap, @an, @vh, @vp, @vn, @text, @voice, @sh, @sp, @sn,
                        @face, @size, @quality, @longAudio, @engine, @model, @device, @subtitles, @retime, @out, @outName, @dep, @state,
                        @stage, @stageParams, @error, @errorParams, @created, @finished, @work, @key, @item)
                ON CONFLICT (id) DO NOTHING
                """, cancellationToken,
                ("@id", job.Id), ("@kind", Name(job.Kind)), ("@batch", job.BatchId),
                ("@ah", job.Audio?.Hash), ("@ap", job.Audio?.Path), ("@an", job.Audio?.OriginalName),
                ("@vh", job.Video.Hash), ("@vp", job.Video.Path), ("@vn", job.Video.OriginalName),
                ("@text", job.Script?.Text), ("@voice", job.Script?.Voice),
                ("@sh", job.SubtitleScript?.Hash), ("@sp", job.SubtitleScript?.Path), ("@sn", job.SubtitleScript?.OriginalName),
                ("@face", job.Options.FaceIndex),
                ("@size", job.Options.Output.SizeName), ("@quality", job.Options.Output.QualityName), ("@longAudio", job.Options.Output.LongAudioName),
                ("@engine", job.Options.Engine), ("@model", job.Options.ModelPath), ("@device", job.Options.Device),
                ("@subtitles", string.Join(',', SubtitleFormatNames.Names(job.Options.Subtitles))), ("@retime", job.Options.RetimeScript ? 1 : 0),
                ("@out", job.OutputPath), ("@outName", job.OutputName), ("@dep", job.DependsOn),
                ("@state", Name(job.State)), ("@stage", job.Stage.Code), ("@stageParams", MessageJson.WriteParams(job.Stage)),
                ("@error", job.Error?.Code), ("@errorParams", job.Error is { } error ? MessageJson.WriteParams(error) : null),
                ("@created", Millis(job.CreatedAt)), ("@finished", job.FinishedAt is { } f ? Millis(f) : null),
                ("@work", job.Work?.ToJson()), ("@key", job.QueueKey), ("@item", job.BatchItem));
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
        var id = await connection.ExecuteScalarAsync<string?>(Command(transaction, $"""
            SELECT id FROM jobs j
            WHERE kind = @kind AND state = 'queued' AND (not_before IS NULL OR not_before <= @now)
              AND (depends_on IS NULL OR EXISTS (SELECT 1 FROM jobs d WHERE d.id = j.depends_on AND d.state = 'done'))
            ORDER BY {QueueOrderSql}
            LIMIT 1
            """, cancellationToken, ("@kind", Name(kind)), ("@now", Millis(now))));
        if (id is null)
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
            """, cancellationToken, ("@max", _maxAttempts), ("@now", Millis(now)));
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
        var rows = await connection.QueryAsync<SqliteJobRow>(batchId is null
            ? Command(null, "SELECT * FROM jobs WHERE kind = 'render' ORDER BY created_at, batch_item, seq", cancellationToken)
            : Command(null, "SELECT * FROM jobs WHERE batch_id = @batch ORDER BY batch_item, seq", cancellationToken, ("@batch", batchId)));
        return [.. rows.Select(row => row.ToJob())];
    }

    public async Task<IReadOnlyList<Job>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var rows = await connection.QueryAsync<SqliteJobRow>(Command(null, $"SELECT * FROM jobs WHERE NOT {Final} ORDER BY {QueueOrderSql}", cancellationToken));
        return [.. rows.Select(row => row.ToJob())];
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
        canceled.AddRange(await connection.QueryAsync<string>(Command(transaction, $"""
            UPDATE jobs SET state = 'canceled', stage_code = 'stage.canceled', stage_params = NULL, finished_at = @now, lease_owner = NULL, lease_expires = NULL
            WHERE kind = 'normalize' AND NOT {Final}
              AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.depends_on = jobs.id AND NOT r.{Final})
            RETURNING id
            """, cancellationToken, ("@now", Millis(now)))));
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
        return await connection.ExecuteScalarAsync<bool>(Command(null,
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = 'render' AND (audio_hash = @hash OR video_hash = @hash OR subtitle_hash = @hash))", cancellationToken, ("@hash", hash)));
    }

    public async Task<int> CountRendersOfVideoAsync(string videoHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(Command(null,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'render' AND video_hash = @hash", cancellationToken, ("@hash", videoHash)));
    }

    /// <summary>The change counter's value now: where a new reader of <see cref="ChangesSinceAsync"/> starts.</summary>
    public async Task<long> ChangeCursorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(Command(null, "SELECT n FROM job_change_counter", cancellationToken));
    }

    /// <summary>Jobs inserted or changed after <paramref name="cursor"/>, oldest change first, and the cursor to ask from next.</summary>
    public async Task<(IReadOnlyList<Job> Jobs, long Cursor)> ChangesSinceAsync(long cursor, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SqliteJobRow>(Command(null,
            "SELECT * FROM jobs WHERE changed > @cursor ORDER BY changed LIMIT @limit", cancellationToken, ("@cursor", cursor), ("@limit", limit)))).ToList();
        return ([.. rows.Select(row => row.ToJob())], rows.Count > 0 ? rows[^1].Changed : cursor);
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
        var rows = await connection.QueryAsync<WorkerRow>(Command(null, "SELECT * FROM workers WHERE seen_at >= @since ORDER BY host, id",
            cancellationToken, ("@since", Millis(DateTimeOffset.UtcNow - seenWithin))));
        return [.. rows.Select(row => new WorkerStatus(
            row.Id, row.Host, (int)row.Pid, (int)row.Slots, row.Running.Split(',', StringSplitOptions.RemoveEmptyEntries), Time(row.StartedAt))
        {
            SeenAt = Time(row.SeenAt),
        })];
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // FULL: a commit is on disk before it returns, which is what "accepted" promises the user.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 15000; PRAGMA foreign_keys = ON;", cancellationToken);
        return connection;
    }

    private static async Task<Job?> ReadOneAsync(SqliteConnection connection, SqliteTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SqliteJobRow>(
            Command(transaction, "SELECT * FROM jobs WHERE id = @id", cancellationToken, ("@id", id)));
        return row?.ToJob();
    }

    private static CommandDefinition Command(SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var values = new DynamicParameters();
        foreach (var (name, value) in parameters)
            values.Add(name, value);
        return new CommandDefinition(sql, values, transaction, cancellationToken: cancellationToken);
    }

    private static Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connection.ExecuteAsync(Command(transaction, sql, cancellationToken, parameters));

    internal static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static string Name(JobKind kind) => kind.ToString().ToLowerInvariant();

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    // SQLite writes times as Unix milliseconds; the change counter is SQLite's own column (Dapper maps stage_code to StageCode).
    private sealed class SqliteJobRow : JobRow<long>
    {
        public long Changed { get; init; }

        protected override DateTimeOffset Time(long stored) => SqliteJobStore.Time(stored);
    }

    // One row of the workers table.
    private sealed class WorkerRow
    {
        public string Id { get; init; } = "";
        public string Host { get; init; } = "";
        public long Pid { get; init; }
        public long Slots { get; init; }
        public string Running { get; init; } = "";
        public long StartedAt { get; init; }
        public long SeenAt { get; init; }
    }
}
