using Microsoft.Data.Sqlite;
using Mouthpiece.Jobs;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>What only the SQLite store has: its file's schema versions and its change feed. The rest of its behaviour is the job-store contract (Mouthpiece.Distributed.Tests).</summary>
public sealed class SqliteJobStoreTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task A_queue_file_from_before_schema_versions_opens_with_its_jobs_and_gets_the_change_feed()
    {
        var path = _scratch.File("jobs.db");
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, batch_id TEXT,
                    audio_hash TEXT, audio_path TEXT, audio_name TEXT, video_hash TEXT NOT NULL, video_path TEXT NOT NULL, video_name TEXT NOT NULL,
                    face_index INTEGER, preset TEXT, output_path TEXT NOT NULL, output_name TEXT NOT NULL, depends_on TEXT, state TEXT NOT NULL,
                    stage TEXT NOT NULL, progress REAL NOT NULL DEFAULT 0, eta_ms INTEGER, attempts INTEGER NOT NULL DEFAULT 0, error TEXT,
                    created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER, not_before INTEGER, lease_owner TEXT, lease_expires INTEGER);
                INSERT INTO jobs (id, kind, audio_hash, audio_path, audio_name, video_hash, video_path, video_name, output_path, output_name, state, stage, created_at)
                VALUES ('old', 'render', 'a', '/a.wav', 'a.wav', 'v', '/v.mp4', 'v.mp4', '/o.mp4', 'o.mp4', 'queued', 'queued', 1000);
                """;
            await create.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        var store = await SqliteJobStore.OpenAsync(path, maxAttempts: 2);

        Assert.Equal(JobState.Queued, (await store.GetAsync("old"))?.State);
        var cursor = await store.ChangeCursorAsync();
        await store.TryLeaseAsync("w", JobKind.Render, TimeSpan.FromSeconds(10));
        var (changed, next) = await store.ChangesSinceAsync(cursor, 100);
        Assert.Equal(("old", JobState.Preparing), (changed.Single().Id, changed.Single().State));
        Assert.True(next > cursor);
    }

    [Fact]
    public async Task The_change_feed_gives_each_insert_and_change_once_in_commit_order()
    {
        var store = await SqliteJobStore.OpenAsync(_scratch.File("feed.db"), maxAttempts: 2);
        var start = await store.ChangeCursorAsync();
        await store.EnqueueAsync([Job("a"), Job("b")]);
        await store.TryLeaseAsync("w", JobKind.Render, TimeSpan.FromSeconds(10));
        await store.HeartbeatAsync("a", "w", new JobProgress(JobState.Rendering, Mouthpiece.Messages.Codes.Stages.Rendering(), 50, null), TimeSpan.FromSeconds(10));

        var (all, cursor) = await store.ChangesSinceAsync(start, 100);
        Assert.Equal(["b", "a"], all.Select(job => job.Id));
        Assert.Equal((JobState.Rendering, 50.0), (all[1].State, all[1].Progress));

        Assert.Empty((await store.ChangesSinceAsync(cursor, 100)).Jobs);
        await store.CancelAsync(["b"]);
        var (later, _) = await store.ChangesSinceAsync(cursor, 100);
        Assert.Equal(("b", JobState.Canceled), (later.Single().Id, later.Single().State));
        Assert.Single((await store.ChangesSinceAsync(start, 1)).Jobs);
    }

    private static Job Job(string id) => new()
    {
        Id = id,
        Kind = JobKind.Render,
        Audio = new StoredInput("a" + id, "/a.wav", "a.wav"),
        Video = new StoredInput("v" + id, "/v.mp4", "v.mp4"),
        OutputPath = $"/o/{id}.mp4",
        OutputName = id + ".mp4",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    public void Dispose() => _scratch.Dispose();
}
