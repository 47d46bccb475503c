using Microsoft.Data.Sqlite;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>A queue written before stages and errors were codes opens with its rows' words kept.</summary>
public sealed class SqliteJobStoreMigrationTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Old_sentences_become_codes_or_are_kept_word_for_word()
    {
        var path = _scratch.File("jobs.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE jobs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, batch_id TEXT,
                    audio_hash TEXT, audio_path TEXT, audio_name TEXT, video_hash TEXT NOT NULL, video_path TEXT NOT NULL, video_name TEXT NOT NULL,
                    face_index INTEGER, preset TEXT, output_path TEXT NOT NULL, output_name TEXT NOT NULL, depends_on TEXT,
                    state TEXT NOT NULL, stage TEXT NOT NULL, progress REAL NOT NULL DEFAULT 0, eta_ms INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, created_at INTEGER NOT NULL, started_at INTEGER,
                    finished_at INTEGER, not_before INTEGER, lease_owner TEXT, lease_expires INTEGER);
                INSERT INTO jobs (id, kind, video_hash, video_path, video_name, output_path, output_name, state, stage, error, created_at)
                VALUES ('a', 'render', 'h', '/v.mp4', 'v.mp4', '/a.mp4', 'a.mp4', 'queued', 'waiting to retry', 'ffmpeg exited with 137', 1),
                       ('b', 'render', 'h', '/v.mp4', 'v.mp4', '/b.mp4', 'b.mp4', 'failed', 'failed', 'video v.mp4: no face found: the video must show a face', 2),
                       ('c', 'render', 'h', '/v.mp4', 'v.mp4', '/c.mp4', 'c.mp4', 'rendering', 'mixing the sound', NULL, 3);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = await SqliteJobStore.OpenAsync(path, maxAttempts: 3);
        var jobs = await store.ListAsync();

        Assert.Equal(Codes.Stages.WaitingToRetry(), jobs[0].Stage);
        Assert.Equal(Codes.Errors.Legacy("ffmpeg exited with 137"), jobs[0].Error);
        Assert.Equal(Codes.Stages.Failed(), jobs[1].Stage);
        Assert.Equal("video v.mp4: no face found: the video must show a face", jobs[1].Error?.ToString());
        Assert.Equal(Codes.Errors.Legacy("mixing the sound"), jobs[2].Stage);
        Assert.Null(jobs[2].Error);

        // Opening again finds nothing left to migrate.
        var reopened = await SqliteJobStore.OpenAsync(path, maxAttempts: 3);
        Assert.Equal(jobs.Select(job => job.Stage), (await reopened.ListAsync()).Select(job => job.Stage));
    }
}
