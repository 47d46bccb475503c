using System.Globalization;
using Mouthpiece.Jobs;
using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.SystemStatus;

/// <summary>
/// The last hour of this machine and of the queue, for the System tab's charts: a sample every
/// <see cref="Interval"/> (CPU busy, memory used, renders waiting and running, renders finished in the last
/// minute), kept in a ring that forgets the oldest. Samples live in memory: a restart starts a new hour.
/// </summary>
public sealed class SystemHistory(JobSystemHost jobs, ILogger<SystemHistory> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Span = TimeSpan.FromHours(1);

    private static readonly int Capacity = (int)(Span / Interval);

    private readonly Queue<Sample> _samples = new(Capacity);
    private readonly Lock _gate = new();
    private CpuTimes? _lastCpu;

    /// <summary>One moment: CPU busy and memory used in per cent; renders waiting, running (as the Queue card counts them), finished in the minute before.</summary>
    public sealed record Sample(DateTimeOffset At, double CpuPercent, double MemoryPercent, int Queued, int Running, int FinishedPerMinute);

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_gate)
                return [.. _samples];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                Add(await TakeAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy store or an unreadable /proc file costs one point of the chart, never the server.
                logger.LogWarning("system sample skipped: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Add(Sample sample)
    {
        lock (_gate)
        {
            if (_samples.Count == Capacity)
                _samples.Dequeue();
            _samples.Enqueue(sample);
        }
    }

    private async Task<Sample> TakeAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var all = await jobs.System.Store.ListAsync(null, cancellationToken);
        var memory = MachineStatus.ReadMemory();
        var memoryPercent = memory.TotalBytes > 0 ? 100.0 * (memory.TotalBytes - memory.AvailableBytes) / memory.TotalBytes : 0;
        var queue = SystemStatusApi.QueueDepth.Of(all);
        return new Sample(
            now,
            Math.Round(CpuPercent(), 1),
            Math.Round(memoryPercent, 1),
            queue.Queued,
            queue.Running,
            all.Count(job => job.Kind == JobKind.Render && job.State == JobState.Done && job.FinishedAt > now - TimeSpan.FromMinutes(1)));
    }

    /// <summary>Busy share of all cores since the previous sample, from /proc/stat (the first sample uses the load average).</summary>
    private double CpuPercent()
    {
        var current = CpuTimes.Read();
        var previous = _lastCpu;
        _lastCpu = current;
        if (current is null || previous is null || current.Total <= previous.Total)
            return MachineStatus.ReadCpu().LoadPercent;
        return Math.Clamp(100.0 * (current.Busy - previous.Busy) / (current.Total - previous.Total), 0, 100);
    }

    /// <summary>The first line of /proc/stat: jiffies spent busy and in all.</summary>
    internal sealed record CpuTimes(long Busy, long Total)
    {
        public static CpuTimes? Read() => File.Exists("/proc/stat") ? Parse(File.ReadLines("/proc/stat").FirstOrDefault() ?? "") : null;

        public static CpuTimes? Parse(string line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0] != "cpu")
                return null;
            var values = fields.Skip(1).Select(field => long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
            // idle and iowait are the fourth and fifth numbers; guest time is already counted in user time.
            var total = values.Take(8).Sum();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            return new CpuTimes(total - idle, total);
        }
    }
}
