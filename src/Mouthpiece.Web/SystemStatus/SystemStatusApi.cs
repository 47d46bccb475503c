using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Devices;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.SystemStatus;

/// <summary>
/// <c>GET /api/system</c> for the System tab, <c>GET /api/system/history</c> for its charts of the last hour, and
/// <c>GET /api/system/log</c> for its live log tail (of everything, or of one job).
/// </summary>
public static class SystemStatusApi
{
    private const int MaxLogLines = 500;
    private const int LogTailBytes = 128 * 1024;
    private static readonly TimeSpan GpuTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The renders by state, as their users see them: a render whose video is being normalized for it is running,
    /// not waiting; the normalizations themselves are not counted again.
    /// </summary>
    public sealed record QueueDepth(int Queued, int Running, int Done, int Failed, int Canceled)
    {
        public static QueueDepth Of(IReadOnlyList<Job> all)
        {
            var normalizing = all.Where(job => job.Kind == JobKind.Normalize && job.State is JobState.Preparing or JobState.Rendering)
                .Select(job => job.Id).ToHashSet();
            var renders = all.Where(job => job.Kind == JobKind.Render).ToList();
            bool IsRunning(Job job) => job.State is JobState.Preparing or JobState.Rendering
                || (job.State == JobState.Queued && job.DependsOn is { } dependency && normalizing.Contains(dependency));
            return new QueueDepth(
                renders.Count(job => job.State == JobState.Queued && !IsRunning(job)),
                renders.Count(IsRunning),
                renders.Count(job => job.State == JobState.Done),
                renders.Count(job => job.State == JobState.Failed),
                renders.Count(job => job.State == JobState.Canceled));
        }
    }

    /// <summary>A worker process of the cluster (or, embedded, of this data directory), as it last announced itself.</summary>
    public sealed record WorkerProcess(string Id, string Host, int ProcessId, int Slots, IReadOnlyList<string> Running, DateTimeOffset StartedAt, DateTimeOffset SeenAt);

    /// <summary>Workers silent for longer than this have stopped (they announce every 2 s).</summary>
    private static readonly TimeSpan WorkerSilence = TimeSpan.FromSeconds(10);

    public sealed record SystemView(
        MachineStatus.Cpu Cpu,
        MachineStatus.Memory Memory,
        MachineStatus.Disk Disk,
        IReadOnlyList<string>? Gpus,
        DeviceView Devices,
        QueueDepth Queue,
        int Workers,
        string Version)
    {
        /// <summary>"embedded" (one machine, SQLite) or "cluster" (PostgreSQL + RabbitMQ).</summary>
        public required string Mode { get; init; }

        /// <summary>Where the jobs are kept, without passwords.</summary>
        public required string Store { get; init; }

        /// <summary>Every worker process that shares the queue, on any machine.</summary>
        public required IReadOnlyList<WorkerProcess> WorkerProcesses { get; init; }
    }

    public sealed record LogTail(IReadOnlyList<string> Lines);

    /// <summary>The workers' default device and this machine's GPU checks (run once per process): what renders run on.</summary>
    public sealed record DeviceView(string Setting, IReadOnlyList<GpuCheckView> Checks);

    public sealed record GpuCheckView(GpuPath Path, string Name, bool Ok, string Detail);


    /// <summary>The samples of the last hour, oldest first, one every <see cref="IntervalSeconds"/>.</summary>
    public sealed record HistoryView(double IntervalSeconds, IReadOnlyList<SystemHistory.Sample> Samples);

    public static IServiceCollection AddSystemStatus(this IServiceCollection services)
    {
        services.AddSingleton<SystemHistory>();
        services.AddHostedService(services => services.GetRequiredService<SystemHistory>());
        return services;
    }

    public static void MapSystemStatus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/system").WithTags("System");
        group.MapGet("", StatusAsync);
        group.MapGet("history", (SystemHistory history) => TypedResults.Ok(new HistoryView(SystemHistory.Interval.TotalSeconds, history.Samples)));
        group.MapGet("log", LogAsync);
    }

    private static async Task<Ok<SystemView>> StatusAsync(JobSystem jobs, JobSystemHost host, WebAppOptions options, CancellationToken cancellationToken)
    {
        var all = await jobs.Store.ListAsync(null, cancellationToken);
        var queue = QueueDepth.Of(all);
        var workers = await jobs.Store.ListWorkersAsync(WorkerSilence, cancellationToken);
        return TypedResults.Ok(new SystemView(
            MachineStatus.ReadCpu(), MachineStatus.ReadMemory(), MachineStatus.ReadDisk(options.Data.Root),
            await GpusAsync(cancellationToken), await DevicesAsync(options, cancellationToken), queue, host.Workers,
            typeof(SystemStatusApi).Assembly.GetName().Version?.ToString() ?? "dev")
        {
            Mode = jobs.Backend.Store is SqliteJobStore ? "embedded" : "cluster",
            Store = jobs.Backend.Description,
            WorkerProcesses = [.. workers.Select(w => new WorkerProcess(w.Id, w.Host, w.ProcessId, w.Slots, w.Running, w.StartedAt, w.SeenAt))],
        });
    }

    private static async Task<DeviceView> DevicesAsync(WebAppOptions options, CancellationToken cancellationToken)
    {
        var checks = await GpuChecks.OnThisMachineAsync(cancellationToken);
        return new DeviceView((options.Device ?? ComputeDevice.Auto).Name(), [.. checks.Select(check => new GpuCheckView(check.Path, check.Name, check.Ok, check.Detail))]);
    }

    /// <summary>One line per GPU from nvidia-smi (name, utilization, memory), or null when there is no nvidia-smi.</summary>
    private static async Task<IReadOnlyList<string>?> GpusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, output, _) = await Ffmpeg.CaptureAsync("nvidia-smi",
                ["--query-gpu=name,utilization.gpu,memory.used,memory.total", "--format=csv,noheader"], GpuTimeout, cancellationToken);
            return exitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The log as a client may see it: no stack traces and no paths of the server's disks, which help an attacker more than a user.</summary>
    /// <param name="job">Only this job's lines, from its own log file (an unknown id has no lines).</param>
    private static async Task<Ok<LogTail>> LogAsync(WebAppOptions options, CancellationToken cancellationToken, int lines = 200, string? job = null)
    {
        lines = Math.Clamp(lines, 1, MaxLogLines);
        var path = string.IsNullOrEmpty(job) ? options.Data.MainLog : JobLogPath(options.Data, job);
        if (path is null)
            return TypedResults.Ok(new LogTail([]));
        var tail = await TailAsync(path, MaxLogLines * 4, cancellationToken);
        var shown = tail.Where(line => !IsStackFrame(line)).Select(line => ServerPaths.Hide(line)!).TakeLast(lines).ToList();
        return TypedResults.Ok(new LogTail(shown));
    }

    /// <summary>A stack trace's frames ("   at …") and the marker between inner and outer exceptions.</summary>
    private static bool IsStackFrame(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length < line.Length && (trimmed.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("--- End of", StringComparison.Ordinal));
    }

    /// <summary>Job ids are letters, digits and dashes; anything else names no file (and never one outside the log folder).</summary>
    private static string? JobLogPath(DataDirectory data, string job) =>
        job.Length <= 64 && job.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? data.JobLog(job) : null;

    /// <summary>The last lines of a log that other processes may be writing to; reads only its end.</summary>
    internal static async Task<IReadOnlyList<string>> TailAsync(string path, int lines, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return [];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - LogTailBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The first line may have been cut in the middle by the seek.
        var whole = start > 0 ? all.Skip(1) : all;
        return whole.TakeLast(lines).Select(line => line.TrimEnd('\r')).ToList();
    }
}
