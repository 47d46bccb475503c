using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mouthpiece.Distributed.Postgres;
using Mouthpiece.Jobs;
using Npgsql;

namespace Mouthpiece.Distributed.Tests.Cluster;

/// <summary>
/// A small cluster of real processes on this machine: two web nodes that render nothing (A takes submissions,
/// B is watched) and two <c>mouthpiece worker</c> processes with one slot each, all on one data directory, one
/// fresh PostgreSQL database and the test RabbitMQ. Leases are short (3 s) so a dead worker's job moves on quickly.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime, IDisposable
{
    public const double LeaseSeconds = 3;
    private readonly Scratch _scratch = new();
    private readonly List<NodeProcess> _processes = [];

    public string DataRoot => _scratch.File("data");

    public string Store { get; private set; } = "";

    public static string Broker => TestServices.Amqp;

    public ClusterNode WebA { get; private set; } = null!;

    public ClusterNode WebB { get; private set; } = null!;

    public List<NodeProcess> Workers { get; } = [];

    public string Speech { get; private set; } = "";

    public string LongSpeech { get; private set; } = "";

    public static string Video => TestData.File("media", "talking-3s.mp4");

    public NpgsqlDataSource Database { get; private set; } = null!;

    public PostgresJobStore JobStore { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataRoot);
        Store = await TestServices.NewDatabaseAsync();
        Database = NpgsqlDataSource.Create(Store);
        JobStore = await PostgresJobStore.OpenAsync(Database, new JobSystemOptions().MaxAttempts);
        Speech = _scratch.Ffmpeg("speech-2s.wav", "-i", TestData.File("media", "speech-en-3s.wav"), "-t", "2");
        LongSpeech = TestData.File("media", "speech-en-3s.wav");
        await PurgeWorkQueueAsync();
        WebA = await StartWebAsync();
        WebB = await StartWebAsync();
        for (var i = 0; i < 2; i++)
            await StartWorkerAsync();
        await WaitForWorkersAsync(2);
    }

    /// <summary>Wake-ups left by an earlier test class would only wake these workers for nothing, but counts are clearer without them.</summary>
    private static async Task PurgeWorkQueueAsync()
    {
        await using var broker = await RabbitMq.RabbitBroker.ConnectAsync(Broker, "test");
        await using var channel = await broker.Connection.CreateChannelAsync();
        await channel.QueuePurgeAsync(RabbitMq.RabbitBroker.WorkQueue);
        await channel.QueuePurgeAsync(RabbitMq.RabbitBroker.DeadLetterQueue);
    }

    public async Task<ClusterNode> StartWebAsync()
    {
        var port = FreePort();
        var process = Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workers", "0");
        var node = new ClusterNode(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await node.Http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return node;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(process.Process.HasExited, $"web node exited: {process.Output}");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"web node did not come up: {process.Output}");
            await Task.Delay(200);
        }
    }

    public async Task<NodeProcess> StartWorkerAsync()
    {
        var process = Start("worker", "--concurrency", "1", "--lease", LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Workers.Add(process);
        await Task.Yield();
        return process;
    }

    /// <summary>Waits until this many worker processes have announced themselves in the store.</summary>
    public async Task WaitForWorkersAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while ((await JobStore.ListWorkersAsync(TimeSpan.FromSeconds(5))).Count < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"{count} workers did not announce themselves");
            foreach (var worker in Workers)
                Assert.False(worker.Process.HasExited, "a worker exited: " + worker.Output);
            await Task.Delay(200);
        }
    }

    /// <summary>The worker process that holds the job's lease now (its tag starts with host:pid).</summary>
    public NodeProcess? WorkerHolding(Job job) =>
        job.LeaseOwner is { } owner ? Workers.FirstOrDefault(w => !w.Process.HasExited && owner.StartsWith($"{Environment.MachineName}:{w.Process.Id}:", StringComparison.Ordinal)) : null;

    /// <summary>Restarts a test service (postgres or rabbitmq) on the same port, as an operator's restart would.</summary>
    public static void RestartService(string name)
    {
        var services = Environment.GetEnvironmentVariable("MOUTHPIECE_TEST_SERVICES")
            ?? throw new InvalidOperationException("MOUTHPIECE_TEST_SERVICES is not set: run ./test.sh, which starts the services these tests restart");
        Tool.Run(Path.Combine(RepositoryRoot(), "scripts", "test-services.sh"), "restart", name, services);
    }

    private NodeProcess Start(params string[] arguments)
    {
        var process = NodeProcess.Start([.. arguments, "--data", DataRoot, "--store", Store, "--broker", Broker]);
        _processes.Add(process);
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(TestData.File(), "..", ".."));

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        WebA?.Http.Dispose();
        WebB?.Http.Dispose();
        await Database.DisposeAsync();
    }

    public void Dispose() => _scratch.Dispose();
}

/// <summary>A web node: its process and an HTTP client pointed at it.</summary>
public sealed record ClusterNode(NodeProcess Process, HttpClient Http);

/// <summary>A running <c>mouthpiece</c> process whose output is kept (and drained, so it never blocks on a full pipe).</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static NodeProcess Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mouthpiece.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, line) => node.Append(line.Data);
        process.ErrorDataReceived += (_, line) => node.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return node;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>SIGKILL: no clean-up, as a crash or a pulled plug.</summary>
    public void Kill() => Process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }
}
