using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Distributed;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Bench;

/// <summary>
/// The many-machines mode's own costs, with empty jobs so that only the queue is measured: (1) a job's trip through
/// the queue (submit, wake-up, lease, a heartbeat, complete) one at a time, embedded against PostgreSQL + RabbitMQ;
/// (2) how long a job whose worker died waits before another worker runs it; (3) jobs per second the store and the
/// broker sustain when 50 simulated workers lease, heartbeat and complete at once. Needs the services that
/// <c>./bench/run.sh --cluster</c> starts (MOUTHPIECE_TEST_POSTGRES, MOUTHPIECE_TEST_AMQP).
/// </summary>
internal static class ClusterBenchmark
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(bool quick)
    {
        var server = Environment.GetEnvironmentVariable("MOUTHPIECE_TEST_POSTGRES") ?? throw new InvalidOperationException("MOUTHPIECE_TEST_POSTGRES is not set: run ./bench/run.sh --cluster");
        var broker = Environment.GetEnvironmentVariable("MOUTHPIECE_TEST_AMQP") ?? throw new InvalidOperationException("MOUTHPIECE_TEST_AMQP is not set: run ./bench/run.sh --cluster");
        var trips = quick ? 50 : 200;
        Console.WriteLine($"cluster benchmark: {Environment.ProcessorCount} cores, empty jobs, PostgreSQL and RabbitMQ on this machine");
        Console.WriteLine();
        Console.WriteLine("| measure | embedded (SQLite) | cluster (PostgreSQL + RabbitMQ) |");
        Console.WriteLine("| --- | --- | --- |");
        var embedded = await TripAsync(await EmbeddedAsync(), trips);
        var cluster = await TripAsync(await ClusterAsync(server, broker, slots: 1), trips);
        Console.WriteLine(Text($"| one job through the queue, median of {trips} (ms) | {embedded:0.0} | {cluster:0.0} (+{cluster - embedded:0.0}) |"));
        var (death, sweep) = await DeathToRerunAsync(server, broker);
        Console.WriteLine(Text($"| worker killed → its job running elsewhere, lease {Lease.TotalSeconds:0} s (s) | lease + next lease attempt | {death.TotalSeconds:0.0} (sweep every {sweep.TotalSeconds:0} s) |"));
        var (jobs, perSecond) = await ThroughputAsync(server, broker, workers: 50, jobs: quick ? 500 : 2000);
        Console.WriteLine(Text($"| 50 simulated workers, each job a wake-up, lease, heartbeat, complete (jobs/s) | | {perSecond:0} ({jobs} jobs) |"));
    }

    /// <summary>Median milliseconds from submitting one empty job to its completion by one waiting worker.</summary>
    private static async Task<double> TripAsync(JobBackend backend, int trips)
    {
        await using (backend)
        {
            var times = new List<double>();
            for (var i = 0; i < trips + 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var worker = Task.Run(() => WorkOneAsync(backend, "bench-worker"));
                await backend.Store.EnqueueAsync([EmptyJob()]);
                await backend.Dispatch.AnnounceAsync(1);
                await worker;
                if (i >= 5)
                    times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return times[times.Count / 2];
        }
    }

    /// <summary>A worker slot's whole round: wait to be woken, lease, one heartbeat, complete, free the slot.</summary>
    private static async Task<bool> WorkOneAsync(JobBackend backend, string worker, CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var ticket = await backend.Dispatch.WaitForWorkAsync(TimeSpan.FromMilliseconds(200), tookWork: false, cancellationToken);
            if (await backend.Store.TryLeaseAsync(worker, JobKind.Render, Lease, cancellationToken) is not { } job)
                continue;
            await backend.Store.HeartbeatAsync(job.Id, worker, new JobProgress(JobState.Rendering, Mouthpiece.Messages.Codes.Stages.Rendering(), 50, null), Lease, cancellationToken);
            return await backend.Store.CompleteAsync(job.Id, worker, cancellationToken);
        }
        return false;
    }

    private static async Task<(TimeSpan Death, TimeSpan Sweep)> DeathToRerunAsync(string server, string broker)
    {
        var data = NewDataDirectory();
        var settings = new ClusterSettings(await NewDatabaseAsync(server), broker);
        var options = new JobSystemOptions { Concurrency = 1, Lease = Lease };
        await using var system = JobSystem.Open(data, options, await ClusterBackend.OpenAsync(data, options, settings));
        using var stop = new CancellationTokenSource();
        var node = system.RunNodeAsync(stop.Token);
        await system.Store.EnqueueAsync([EmptyJob()]);
        var dead = await system.Store.TryLeaseAsync("killed-worker", JobKind.Render, Lease);
        // The worker dies right after taking the job: no heartbeat ever comes. Another worker waits for a wake-up.
        var clock = Stopwatch.StartNew();
        Job? again = null;
        while (again is null)
        {
            await using var ticket = await system.Backend.Dispatch.WaitForWorkAsync(TimeSpan.FromSeconds(1), tookWork: false, CancellationToken.None);
            again = await system.Store.TryLeaseAsync("survivor", JobKind.Render, Lease);
        }
        var took = clock.Elapsed;
        if (again.Id != dead!.Id)
            throw new InvalidOperationException("the survivor took another job");
        await stop.CancelAsync();
        await node;
        return (took, settings.SweepInterval);
    }

    private static async Task<(int Jobs, double PerSecond)> ThroughputAsync(string server, string broker, int workers, int jobs)
    {
        var settings = new ClusterSettings(await NewDatabaseAsync(server), broker);
        // Each simulated worker is a node of its own (its own connections), all sharing one data directory.
        var data = NewDataDirectory();
        var backends = new List<JobBackend>();
        for (var i = 0; i < workers; i++)
            backends.Add(await ClusterBackend.OpenAsync(data, new JobSystemOptions { Concurrency = 1, Lease = Lease }, settings));
        await backends[0].Store.EnqueueAsync([.. Enumerable.Range(0, jobs).Select(_ => EmptyJob())]);
        var done = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        await backends[0].Dispatch.AnnounceAsync(jobs);
        var loops = backends.Select((backend, n) => Task.Run(async () =>
        {
            while (Volatile.Read(ref done) < jobs)
            {
                try
                {
                    if (await WorkOneAsync(backend, $"sim-{n}", stop.Token))
                        Interlocked.Increment(ref done);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (Volatile.Read(ref done) >= jobs)
                    await stop.CancelAsync();
            }
        })).ToList();
        await Task.WhenAll(loops);
        var wall = clock.Elapsed;
        foreach (var backend in backends)
            await backend.DisposeAsync();
        return (jobs, jobs / wall.TotalSeconds);
    }

    private static async Task<JobBackend> EmbeddedAsync() =>
        await JobBackend.OpenEmbeddedAsync(NewDataDirectory().EnsureCreated(), new JobSystemOptions());

    private static async Task<JobBackend> ClusterAsync(string server, string broker, int slots) =>
        await ClusterBackend.OpenAsync(NewDataDirectory(), new JobSystemOptions { Concurrency = slots }, new ClusterSettings(await NewDatabaseAsync(server), broker));

    private static DataDirectory NewDataDirectory() => new(Path.Combine(BenchMedia.WorkDirectory, $"cluster-data-{Guid.NewGuid():N}"));

    /// <summary>A database of its own for each measure, so none sees another's jobs.</summary>
    private static async Task<string> NewDatabaseAsync(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(Distributed.Postgres.PostgresUrl.ToConnectionString(server));
        var name = "mouthpiece_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

    private static Job EmptyJob()
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        return new Job
        {
            Id = id,
            Kind = JobKind.Render,
            Audio = new StoredInput("a" + id, "/nowhere/a.wav", "a.wav"),
            Video = new StoredInput("v" + id, "/nowhere/v.mp4", "v.mp4"),
            OutputPath = "/nowhere/" + id + ".mp4",
            OutputName = id + ".mp4",
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
