using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mouthpiece.Pipeline;

/// <summary>
/// Adds up the time each stage spends working, from several threads at once. Stages that wait on
/// ffmpeg are measured in wall time; the engine's own compute stages also in CPU time of their thread,
/// which (unlike wall time) does not grow when the encoder takes the cores away.
/// </summary>
internal sealed partial class StageClock
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    private readonly ConcurrentDictionary<string, long> _ticks = new();
    private readonly ConcurrentDictionary<string, long> _cpuNanoseconds = new();

    /// <summary>Wall time of a stage, which may await (and so change threads) inside.</summary>
    public Measurement Measure(string stage) => new(this, stage, Stopwatch.GetTimestamp(), cpuStart: null);

    /// <summary>Wall and CPU time of a synchronous stage: it must not await, so it stays on one thread.</summary>
    public Measurement MeasureCompute(string stage) => new(this, stage, Stopwatch.GetTimestamp(), ThreadCpuNanoseconds());

    public IReadOnlyDictionary<string, double> Seconds() =>
        _ticks.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value / (double)Stopwatch.Frequency, 3));

    public IReadOnlyDictionary<string, double> CpuSeconds() =>
        _cpuNanoseconds.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value / 1e9, 3));

    private void Add(string stage, long elapsed, long? cpuStart)
    {
        _ticks.AddOrUpdate(stage, elapsed, (_, total) => total + elapsed);
        if (cpuStart is { } start && ThreadCpuNanoseconds() is { } end)
            _cpuNanoseconds.AddOrUpdate(stage, end - start, (_, total) => total + end - start);
    }

    private static long? ThreadCpuNanoseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var now) == 0 ? now.Seconds * 1_000_000_000 + now.Nanoseconds : null;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public readonly struct Measurement(StageClock clock, string stage, long start, long? cpuStart) : IDisposable
    {
        public void Dispose() => clock.Add(stage, Stopwatch.GetTimestamp() - start, cpuStart);
    }
}
