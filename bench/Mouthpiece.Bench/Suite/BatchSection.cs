using Mouthpiece.Bench.Charts;
using Mouthpiece.Jobs;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 3: one heavy upload must not hold up a batch. Small items and one 2160p 60 Mbps item go through the
/// embedded job system with one worker per core; the heavy item is normalized in the background first.
/// </summary>
internal static class BatchSection
{
    private sealed record Item(string Label, Job Job, double StartedAt, double FinishedAt);

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        var cores = Environment.ProcessorCount;
        var heavyMbps = plan.BitRate2160 / 1e6;
        report.Heading(Invariant($"3. Batch of {plan.BatchSize} with one 2160p {heavyMbps:0} Mbps item"));
        report.Status("batch through the job system");
        var heavy = BenchMedia.CameraClip(2160, plan.BatchItemSeconds, plan.BitRate2160);
        // The heavy item is submitted first, so it takes a worker (and, for its normalization, the CPU) from the start.
        string[] videos = [heavy, .. Enumerable.Range(1, plan.BatchSize - 1).Select(BenchJobs.SmallClip)];
        var items = await RunBatchAsync(videos, cores);
        var small = items.Where(item => item.Job.Kind == JobKind.Render && item.Job.Video.OriginalName != Path.GetFileName(heavy)).ToList();

        report.Line(Invariant($"{plan.BatchSize} items of {plan.BatchItemSeconds} s with the same {plan.BatchItemSeconds} s speech, {cores} workers (one per core): {small.Count} small items (about 480p, 2 Mbps) and one {BenchMedia.WidthFor(2160)}x2160 {heavyMbps:0} Mbps item, submitted first, which the job system normalizes in the background (at low priority) before rendering it. Times count from the submission, which stores and probes every input."));
        report.Line();
        report.Line(Invariant($"**The {small.Count} small items were done after {small.Max(item => item.FinishedAt):0.0} s; the whole batch after {items.Max(item => item.FinishedAt):0.0} s.** {items.Count(item => item.Job.State == JobState.Done)} of {items.Count} jobs done (the normalization is a job of its own)."));
        report.Line();
        report.TableHeader("job", "state", "started (s)", "finished (s)");
        foreach (var item in items)
            report.TableRow(item.Label, item.Job.State.ToString().ToLowerInvariant(), Invariant($"{item.StartedAt:0.0}"), Invariant($"{item.FinishedAt:0.0}"));
        report.Chart("batch-timeline.png", "when each job of the batch started and finished", path => BarChart.Write(path,
            "batch: seconds from submission until each job started and finished", "seconds", [.. items.Select(item => ChartLabel(item.Label))],
            [new ChartSeries("started", [.. items.Select(item => item.StartedAt)]), new ChartSeries("finished", [.. items.Select(item => item.FinishedAt)])],
            "0"));
    }

    /// <summary>Submits the videos as one batch to a fresh job system and returns every job, normalizations included, in order of finishing.</summary>
    private static async Task<List<Item>> RunBatchAsync(string[] videos, int workers)
    {
        var system = await BenchJobs.OpenAsync(workers);
        var start = DateTimeOffset.UtcNow;
        await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(BenchJobs.Speech, videos, new JobOptions()));
        var renders = await BenchJobs.RunAllAsync(system);
        // The store lists renders only; the normalizations they waited for are jobs of their own, found by id.
        var normalizations = await Task.WhenAll(renders.Where(job => job.DependsOn is not null).Select(job => system.Store.GetAsync(job.DependsOn!)));
        Directory.Delete(system.Data.Root, recursive: true);
        return [.. renders.Concat(normalizations.OfType<Job>())
            .Select(job => new Item(Describe(job), job, Seconds(job.StartedAt, start), Seconds(job.FinishedAt, start)))
            .OrderBy(item => item.FinishedAt)];
    }

    /// <summary>"478p" for a render of talking-478p-3s-2M.mp4, "normalize 2160p" for the heavy item's normalization.</summary>
    private static string Describe(Job job)
    {
        var size = Path.GetFileNameWithoutExtension(job.Video.OriginalName).Split('-')[1];
        return job.Kind == JobKind.Normalize ? "normalize " + size : size;
    }

    /// <summary>Eleven groups leave about 80 px a label: "normalize 2160p" is cut to two short lines to keep the chart's text size.</summary>
    private static string ChartLabel(string label) => label.Replace("normalize ", "norm.\n", StringComparison.Ordinal);

    private static double Seconds(DateTimeOffset? time, DateTimeOffset start) => time is { } t ? (t - start).TotalSeconds : double.NaN;
}
