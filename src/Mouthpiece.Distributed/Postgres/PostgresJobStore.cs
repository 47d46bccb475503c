using Dapper;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Subtitles;
using Npgsql;

namespace Mouthpiece.Distributed.Postgres;

/// <summary>
/// The job queue shared by many machines, in PostgreSQL: the same states, leases and retry rules as
/// <see cref="SqliteJobStore"/>. A worker takes a job with <c>FOR UPDATE SKIP LOCKED</c>, so two workers never take
/// the same one and never wait for each other; lease times come from the database's clock, so machines whose
/// clocks differ still agree on when a lease has run out.
/// </summary>
public sealed class PostgresJobStore : IJobStore
{
    private const string Running = "state IN ('preparing', 'rendering')";
    private const string Final = "state IN ('done', 'failed', 'canceled')";
    private const string LeaseEnd = "now() + @leaseMs * interval '1 millisecond'";

    private const string Columns = """
        id AS Id, kind AS Kind, batch_id AS BatchId, audio_hash AS AudioHash, audio_path AS AudioPath, audio_name AS AudioName,
        video_hash AS VideoHash, video_path AS VideoPath, video_name AS VideoName, face_index AS FaceIndex, output_size AS OutputSize, quality AS Quality, long_audio AS LongAudio,
        engine AS Engine, model_path AS ModelPath, device AS Device,
        script_text AS ScriptText, voice AS Voice, subtitles AS Subtitles, retime_script AS RetimeScript,
        subtitle_hash AS SubtitleHash, subtitle_path AS SubtitlePath, subtitle_name AS SubtitleName,
        output_path AS OutputPath, output_name AS OutputName, depends_on AS DependsOn, state AS State, stage_code AS StageCode,
        stage_params AS StageParams, progress AS Progress, eta_ms AS EtaMs, attempts AS Attempts, error_code AS ErrorCode,
        error_params AS ErrorParams, created_at AS CreatedAt,
        started_at AS StartedAt, finished_at AS FinishedAt, not_before AS NotBefore, lease_owner AS LeaseOwner, lease_expires AS LeaseExpires,
        work AS Work, queue_key AS QueueKey, batch_item AS BatchItem
        """;

    /// <summary>The queue's order, the same as SQLite's (<see cref="Scheduling.QueueOrder"/>); a job stored before queue keys were kept queues by its submission time.</summary>
    private const string QueueOrderSql = "COALESCE(j.queue_key, (extract(epoch FROM j.created_at) * 1000)::bigint), j.seq";

    private readonly NpgsqlDataSource _database;
    private readonly int _maxAttempts;

    private PostgresJobStore(NpgsqlDataSource database, int maxAttempts)
    {
        _database = database;
        _maxAttempts = maxAttempts;
    }

    /// <summary>Opens the queue, creating or migrating its tables first.</summary>
    /// <param name="maxAttempts">How often a job may be taken before a worker dying on it counts as a failure.</param>
    public static async Task<PostgresJobStore> OpenAsync(NpgsqlDataSource database, int maxAttempts, CancellationToken cancellationToken = default)
    {
        await PostgresSchema.MigrateAsync(database, "jobs", Migrations, cancellationToken);
        return new PostgresJobStore(database, maxAttempts);
    }

    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE jobs (
            seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id            text NOT NULL UNIQUE,
            kind          text NOT NULL,
            batch_id      text,
            audio_hash    text, audio_path text, audio_name text,
            video_hash    text NOT NULL, video_path text NOT NULL, video_name text NOT NULL,
            face_index    integer,
            preset        text,
            output_path   text NOT NULL,
            output_name   text NOT NULL,
            depends_on    text,
            state         text NOT NULL,
            stage_code    text NOT NULL,
            stage_params  text,
            progress      double precision NOT NULL DEFAULT 0,
            eta_ms        bigint,
            attempts      integer NOT NULL DEFAULT 0,
            error_code    text,
            error_params  text,
            created_at    timestamptz NOT NULL,
            started_at    timestamptz,
            finished_at   timestamptz,
            not_before    timestamptz,
            lease_owner   text,
            lease_expires timestamptz
        );
        CREATE INDEX jobs_by_state ON jobs (kind, state, seq);
        CREATE INDEX jobs_by_batch ON jobs (batch_id, seq);
        CREATE INDEX jobs_by_dependency ON jobs (depends_on);
        CREATE INDEX jobs_by_lease ON jobs (lease_expires) WHERE state IN ('preparing', 'rendering');
        CREATE TABLE workers (
            id         text PRIMARY KEY,
            host       text NOT NULL,
            pid        integer NOT NULL,
            slots      integer NOT NULL,
            running    text[] NOT NULL,
            started_at timestamptz NOT NULL,
            seen_at    timestamptz NOT NULL
        );
        """,
        // The engine, model and device a render chooses (added with the neural engine and the GPU paths).
        "ALTER TABLE jobs ADD COLUMN engine text, ADD COLUMN model_path text, ADD COLUMN device text",
        // What a job reads aloud and subtitles: the script and its voice, the subtitle choices, the recording's subtitle script.
        """
        ALTER TABLE jobs
            ADD COLUMN script_text   text,
            ADD COLUMN voice         text,
            ADD COLUMN subtitles     text,
            ADD COLUMN retime_script boolean NOT NULL DEFAULT false,
            ADD COLUMN subtitle_hash text,
            ADD COLUMN subtitle_path text,
            ADD COLUMN subtitle_name text;
        """,
        // The output settings (size, encoder quality, long-speech playback) take the place of the x264 preset, which nothing set.
        """
        ALTER TABLE jobs
            ADD COLUMN output_size text,
            ADD COLUMN quality     text,
            ADD COLUMN long_audio  text,
            DROP COLUMN preset;
        """,
        // Each job's size, from which its time is estimated, and its place in the queue (QueueOrder) and in its batch.
        "ALTER TABLE jobs ADD COLUMN work text, ADD COLUMN queue_key bigint, ADD COLUMN batch_item integer",
    ];

    public async Task EnqueueAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken = default)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = jobs.Select(job => new
            {
                job.Id,
                Kind = Name(job.Kind),
                job.BatchId,
                AudioHash = job.Audio?.Hash,
                AudioPath = job.Audio?.Path,
                AudioName = job.Audio?.OriginalName,
                VideoHash = job.Video.Hash,
                VideoPath = job.Video.Path,
                VideoName = job.Video.OriginalName,
                job.Options.FaceIndex,
                OutputSize = job.Options.Output.SizeName,
                Quality = job.Options.Output.QualityName,
                LongAudio = job.Options.Output.LongAudioName,
                job.Options.Engine,
                job.Options.ModelPath,
                job.Options.Device,
                ScriptText = job.Script?.Text,
                Voice = job.Script?.Voice,
                Subtitles = string.Join(',', SubtitleFormatNames.Names(job.Options.Subtitles)),
                job.Options.RetimeScript,
                SubtitleHash = job.SubtitleScript?.Hash,
                SubtitlePath = job.SubtitleScript?.Path,
                SubtitleName = job.SubtitleScript?.OriginalName,
                job.OutputPath,
                job.OutputName,
                job.DependsOn,
                State = Name(job.State),
                StageCode = job.Stage.Code,
                StageParams = MessageJson.WriteParams(job.Stage),
                ErrorCode = job.Error?.Code,
                ErrorParams = job.Error is { } error ? MessageJson.WriteParams(error) : null,
                CreatedAt = job.CreatedAt.UtcDateTime,
                FinishedAt = job.FinishedAt?.UtcDateTime,
                Work = job.Work?.ToJson(),
                job.QueueKey,
                job.BatchItem,
            });
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO jobs (id, kind, batch_id, audio_hash, audio_path, audio_name, video_hash, video_path, video_name,
                                  face_index, output_size, quality, long_audio, engine, model_path, device, script_text, voice, subtitles, retime_script, subtitle_hash, subtitle_path, subtitle_name,
                                  output_path, output_name, depends_on, state, stage_code, stage_params, error_code, error_params,
                              created_at, finished_at, work, queue_key, batch_item)
                VALUES (@Id, @Kind, @BatchId, @AudioHash, @AudioPath, @AudioName, @VideoHash, @VideoPath, @VideoName,
                        @FaceIndex, @OutputSize, @Quality, @LongAudio, @Engine, @ModelPath, @Device, @ScriptText, @Voice, @Subtitles, @RetimeScript, @SubtitleHash, @SubtitlePath, @SubtitleName,
                        @OutputPath, @OutputName, @DependsOn, @State, @StageCode, @StageParams, @ErrorCode, @ErrorParams,
                        @CreatedAt, @FinishedAt, @Work, @QueueKey, @BatchItem)
                ON CONFLICT (id) DO NOTHING
                """, rows, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<Job?> TryLeaseAsync(string workerId, JobKind kind, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ReclaimExpiredLeasesAsync(connection, transaction, cancellationToken);
            // The queue key's order, as in SQLite: short work first, none starved. A render waiting for its video's
            // normalization is skipped, never waited for. SKIP LOCKED passes over a job another worker is taking at this moment.
            var row = await connection.QuerySingleOrDefaultAsync<PostgresJobRow>(new CommandDefinition($"""
                UPDATE jobs SET state = 'preparing', stage_code = 'stage.starting', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = attempts + 1,
                                lease_owner = @workerId, lease_expires = {LeaseEnd}, not_before = NULL,
                                started_at = COALESCE(started_at, now())
                WHERE id = (
                    SELECT j.id FROM jobs j LEFT JOIN jobs d ON d.id = j.depends_on
                    WHERE j.kind = @kind AND j.state = 'queued' AND (j.not_before IS NULL OR j.not_before <= now())
                      AND (j.depends_on IS NULL OR d.state = 'done')
                    ORDER BY {QueueOrderSql}
                    LIMIT 1
                    FOR UPDATE OF j SKIP LOCKED)
                RETURNING {Columns}
                """, new { workerId, kind = Name(kind), leaseMs = lease.TotalMilliseconds }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return row?.ToJob();
        }, cancellationToken);
    }

    /// <summary>
    /// Puts back (or fails, after too many attempts) running jobs whose lease ran out: their worker died. Returns the ids it
    /// changed, including renders failed because the normalization they waited on failed. The sweeper calls this too.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReclaimExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var changed = await ReclaimExpiredLeasesAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return changed;
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> ReclaimExpiredLeasesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var reclaimed = await connection.QueryAsync<string>(new CommandDefinition($"""
            UPDATE jobs SET
                state = CASE WHEN attempts >= @max THEN 'failed' ELSE 'queued' END,
                stage_code = CASE WHEN attempts >= @max THEN 'stage.failed' ELSE 'stage.requeued' END, stage_params = NULL,
                error_code = CASE WHEN attempts >= @max THEN 'job.worker_lost' ELSE error_code END,
                error_params = CASE WHEN attempts >= @max THEN json_build_object('attempts', attempts)::text ELSE error_params END,
                finished_at = CASE WHEN attempts >= @max THEN now() ELSE NULL END,
                lease_owner = NULL, lease_expires = NULL
            WHERE id IN (SELECT id FROM jobs WHERE {Running} AND lease_expires < now() FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, new { max = _maxAttempts }, transaction, cancellationToken: cancellationToken));
        var orphans = await FailOrphanedDependentsAsync(connection, transaction, cancellationToken);
        return [.. reclaimed, .. orphans];
    }

    /// <summary>Renders waiting on a normalization that failed or was canceled can never run: they fail with its reason.</summary>
    private static Task<IEnumerable<string>> FailOrphanedDependentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.QueryAsync<string>(new CommandDefinition("""
            UPDATE jobs r SET state = 'failed', stage_code = 'stage.failed', stage_params = NULL, finished_at = now(),
                error_code = CASE d.state WHEN 'canceled' THEN 'job.normalization_canceled' ELSE 'job.normalization_failed' END,
                error_params = CASE d.state WHEN 'canceled' THEN NULL
                    ELSE json_build_object('problem', json_build_object('code', COALESCE(d.error_code, 'error.unexpected'),
                        'params', CASE WHEN d.error_code IS NULL THEN '{"detail":"unknown error"}'::json ELSE COALESCE(d.error_params, '{}')::json END))::text END
            FROM jobs d
            WHERE d.id = r.depends_on AND r.state = 'queued' AND d.state IN ('failed', 'canceled')
            RETURNING r.id
            """, transaction: transaction, cancellationToken: cancellationToken));

    public async Task<bool> HeartbeatAsync(string jobId, string workerId, JobProgress progress, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE jobs SET lease_expires = {LeaseEnd}, state = @state, stage_code = @stage, stage_params = @stageParams, progress = @progress, eta_ms = @eta
                WHERE id = @jobId AND lease_owner = @workerId AND {Running}
                """, new
            {
                jobId,
                workerId,
                leaseMs = lease.TotalMilliseconds,
                state = Name(progress.State),
                stage = progress.Stage.Code,
            stageParams = MessageJson.WriteParams(progress.Stage),
                progress = progress.Progress,
                eta = progress.Remaining is { } r ? (long?)r.TotalMilliseconds : null,
            }, cancellationToken: cancellationToken));
            return changed == 1;
        }, cancellationToken);
    }

    public async Task<bool> CompleteAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE jobs SET state = 'done', stage_code = 'stage.done', stage_params = NULL, progress = 100, eta_ms = 0,
                            error_code = NULL, error_params = NULL, finished_at = now(),
                                lease_owner = NULL, lease_expires = NULL
                WHERE id = @jobId AND lease_owner = @workerId AND {Running}
                """, new { jobId, workerId }, cancellationToken: cancellationToken));
            return changed == 1;
        }, cancellationToken);
    }

    public async Task FailAsync(string jobId, string workerId, Message reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE jobs SET
                    state = CASE WHEN @retry::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
                    stage_code = CASE WHEN @retry::timestamptz IS NULL THEN 'stage.failed' ELSE 'stage.waiting_to_retry' END, stage_params = NULL,
                    error_code = @reasonCode, error_params = @reasonParams, not_before = @retry::timestamptz,
                    finished_at = CASE WHEN @retry::timestamptz IS NULL THEN now() ELSE NULL END,
                    eta_ms = NULL, lease_owner = NULL, lease_expires = NULL
                WHERE id = @jobId AND lease_owner = @workerId AND {Running}
                """, new { jobId, workerId, reasonCode = reason.Code, reasonParams = MessageJson.WriteParams(reason), retry = retryAt?.UtcDateTime }, transaction, cancellationToken: cancellationToken));
            await FailOrphanedDependentsAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task RequeueAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        await RunAsync(async connection =>
        {
            // A job given back on shutdown did not fail, so the attempt is not counted against it.
            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE jobs SET state = 'queued', stage_code = 'stage.queued', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = GREATEST(0, attempts - 1),
                                lease_owner = NULL, lease_expires = NULL
                WHERE id = @jobId AND lease_owner = @workerId AND {Running}
                """, new { jobId, workerId }, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<Job?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PostgresJobRow>(new CommandDefinition(
                $"SELECT {Columns} FROM jobs WHERE id = @jobId", new { jobId }, cancellationToken: cancellationToken));
            return row?.ToJob();
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(string? batchId = null, CancellationToken cancellationToken = default)
    {
        return await RunAsync<IReadOnlyList<Job>>(async connection =>
        {
            var sql = batchId is null
                ? $"SELECT {Columns} FROM jobs WHERE kind = 'render' ORDER BY created_at, batch_item, seq"
                : $"SELECT {Columns} FROM jobs WHERE batch_id = @batchId ORDER BY batch_item, seq";
            var rows = await connection.QueryAsync<PostgresJobRow>(new CommandDefinition(sql, new { batchId }, cancellationToken: cancellationToken));
            return [.. rows.Select(row => row.ToJob())];
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync<IReadOnlyList<Job>>(async connection =>
        {
            var rows = await connection.QueryAsync<PostgresJobRow>(new CommandDefinition(
                $"SELECT {Columns} FROM jobs j WHERE NOT {Final} ORDER BY {QueueOrderSql}", cancellationToken: cancellationToken));
            return [.. rows.Select(row => row.ToJob())];
        }, cancellationToken);
    }

    public async Task<int> CountRendersOfVideoAsync(string videoHash, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM jobs WHERE kind = 'render' AND video_hash = @videoHash", new { videoHash }, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Queued jobs a worker could take now: what the sweeper compares with the wake-ups waiting in the broker.</summary>
    public async Task<int> CountRunnableAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
                SELECT count(*) FROM jobs j LEFT JOIN jobs d ON d.id = j.depends_on
                WHERE j.state = 'queued' AND (j.not_before IS NULL OR j.not_before <= now()) AND (j.depends_on IS NULL OR d.state = 'done')
                """, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CancelAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        return await RunAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var canceled = (await connection.QueryAsync<string>(new CommandDefinition($"""
                UPDATE jobs SET state = 'canceled', stage_code = 'stage.canceled', stage_params = NULL, eta_ms = NULL, finished_at = now(), lease_owner = NULL, lease_expires = NULL
                WHERE id = ANY(@ids) AND NOT {Final}
                RETURNING id
                """, new { ids = jobIds.ToArray() }, transaction, cancellationToken: cancellationToken))).ToList();
            // A normalization no render waits for any more is wasted work; stop it too.
            var unneeded = await connection.QueryAsync<string>(new CommandDefinition($"""
                UPDATE jobs n SET state = 'canceled', stage_code = 'stage.canceled', stage_params = NULL, finished_at = now(), lease_owner = NULL, lease_expires = NULL
                WHERE kind = 'normalize' AND NOT {Final}
                  AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.depends_on = n.id AND NOT r.{Final})
                RETURNING id
                """, transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            // In the order asked for, as the caller reports them.
            return [.. jobIds.Where(canceled.Contains).Distinct(), .. unneeded];
        }, cancellationToken);
    }

    public async Task<bool> RetryAsync(string jobId, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var job = await connection.QuerySingleOrDefaultAsync<(string? State, string? DependsOn)>(new CommandDefinition(
                "SELECT state, depends_on FROM jobs WHERE id = @jobId FOR UPDATE", new { jobId }, transaction, cancellationToken: cancellationToken));
            if (job.State is not ("failed" or "canceled"))
                return false;
            const string requeue = """
                UPDATE jobs SET state = 'queued', stage_code = 'stage.queued', stage_params = NULL, progress = 0, eta_ms = NULL, attempts = 0,
                                error_code = NULL, error_params = NULL,
                                started_at = NULL, finished_at = NULL, not_before = NULL
                WHERE id = @id AND state IN ('failed', 'canceled')
                """;
            await connection.ExecuteAsync(new CommandDefinition(requeue, new { id = jobId }, transaction, cancellationToken: cancellationToken));
            if (job.DependsOn is { } dependency)
                await connection.ExecuteAsync(new CommandDefinition(requeue, new { id = dependency }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM jobs WHERE id = @jobId AND {Final}", new { jobId }, cancellationToken: cancellationToken)) == 1;
        }, cancellationToken);
    }

    public async Task<bool> IsInputUsedAsync(string hash, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async connection =>
        {
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = 'render' AND (audio_hash = @hash OR video_hash = @hash OR subtitle_hash = @hash))", new { hash }, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task AnnounceWorkerAsync(WorkerStatus worker, CancellationToken cancellationToken = default)
    {
        await RunAsync(async connection =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO workers (id, host, pid, slots, running, started_at, seen_at) VALUES (@Id, @Host, @ProcessId, @Slots, @Running, @StartedAt, now())
                ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, running = excluded.running, seen_at = now()
                """, new { worker.Id, worker.Host, worker.ProcessId, worker.Slots, Running = worker.Running.ToArray(), StartedAt = worker.StartedAt.UtcDateTime },
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await RunAsync(async connection =>
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM workers WHERE id = @workerId", new { workerId }, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkerStatus>> ListWorkersAsync(TimeSpan seenWithin, CancellationToken cancellationToken = default)
    {
        return await RunAsync<IReadOnlyList<WorkerStatus>>(async connection =>
        {
            var rows = await connection.QueryAsync<WorkerRow>(new CommandDefinition("""
                SELECT id AS Id, host AS Host, pid AS ProcessId, slots AS Slots, running AS Running, started_at AS StartedAt, seen_at AS SeenAt
                FROM workers WHERE seen_at >= now() - @ms * interval '1 millisecond' ORDER BY host, id
                """, new { ms = seenWithin.TotalMilliseconds }, cancellationToken: cancellationToken));
            return [.. rows.Select(row => new WorkerStatus(row.Id, row.Host, row.ProcessId, row.Slots, row.Running, Utc(row.StartedAt)) { SeenAt = Utc(row.SeenAt) })];
        }, cancellationToken);
    }

    private Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        PostgresConnections.RunAsync(_database, work, cancellationToken);

    private Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        PostgresConnections.RunAsync(_database, work, cancellationToken);

    private static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static string Name(JobKind kind) => kind.ToString().ToLowerInvariant();

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private sealed class PostgresJobRow : JobRow<DateTime>
    {
        protected override DateTimeOffset Time(DateTime stored) => Utc(stored);
    }

    private sealed class WorkerRow
    {
        public string Id { get; init; } = "";

        public string Host { get; init; } = "";

        public int ProcessId { get; init; }

        public int Slots { get; init; }

        public string[] Running { get; init; } = [];

        public DateTime StartedAt { get; init; }

        public DateTime SeenAt { get; init; }
    }
}
