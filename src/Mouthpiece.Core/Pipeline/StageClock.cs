using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mouthpiece.Pipeline;

/// <summary>Adds up the time each stage spends working, from several threads at once.</summary>
internal sealed class StageClock
{
    private readonly ConcurrentDictionary<string, long> ticks = new();

    public Measurement Measure(string stage) => new(this, stage, Stopwatch.GetTimestamp());

    public IReadOnlyDictionary<string, double> Seconds() =>
        ticks.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value / (double)Stopwatch.Frequency, 3));

    private void Add(string stage, long elapsed) => ticks.AddOrUpdate(stage, elapsed, (_, total) => total + elapsed);

    public readonly struct Measurement(StageClock clock, string stage, long start) : IDisposable
    {
        public void Dispose() => clock.Add(stage, Stopwatch.GetTimestamp() - start);
    }
}
