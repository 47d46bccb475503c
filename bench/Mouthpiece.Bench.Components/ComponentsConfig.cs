using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// One short job for a shared, noisy two-core machine: in-process (no project is generated and built per
/// benchmark), few warm-up and measured iterations, and allocations per operation, since per-frame
/// allocations are a target of optimization.
/// </summary>
internal static class ComponentsConfig
{
    public static IConfig Create()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            // Three, not fewer: the pilot stage sees unoptimized code, and tiered compilation finishes only
            // during the second warm-up iteration of the speech analysis.
            .WithWarmupCount(3)
            .WithIterationCount(8)
            // Half the default: the components take milliseconds, so 250 ms still holds a few hundred calls.
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("components");

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Descriptor, DefaultColumnProviders.Params, DefaultColumnProviders.Metrics)
            // Op/s reads as frames/s, faces/s or seconds of speech per second: each benchmark counts its own unit.
            .AddColumn(StatisticColumn.Mean, StatisticColumn.Median, StatisticColumn.StdDev, StatisticColumn.OperationsPerSecond)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(ConsoleLogger.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond))
            .WithArtifactsPath(Path.Combine(BenchMedia.RepositoryRoot, "bench", "results", "components"))
            // One table for the whole run, so components are compared side by side.
            .WithOptions(ConfigOptions.JoinSummary);
    }
}
