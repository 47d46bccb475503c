using Mouthpiece.Bench.Charts;
using Mouthpiece.Jobs;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 6, can the time left be trusted? One long render through the job system, every update the page would get
/// recorded with the moment it came: the time left it said against the time the job really still took. Once on a
/// data directory that has run nothing (the estimator's model alone), once after a shorter render of another clip
/// taught it this machine's pace.
/// </summary>
internal static class TimeLeftSection
{
    /// <summary>The bound: after 20 % of the render the time left is within ±25 %.</summary>
    private const double AllowedError = 0.25;

    private static readonly double[] Checkpoints = [0.05, 0.1, 0.2, 0.5, 0.8, 0.95];

    private sealed record Sample(double At, double Said);

    private sealed record Trace(List<Sample> Samples, double Total)
    {
        /// <summary>The time left said by the last update at or before this share of the job's time, and what was really left then.</summary>
        public (double Said, double Really) At(double share)
        {
            var sample = Samples.LastOrDefault(s => s.At <= share * Total) ?? Samples[0];
            return (sample.Said, Total - sample.At);
        }

        public double Error(double share)
        {
            var (said, really) = At(share);
            return (said - really) / really;
        }
    }

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        var (height, seconds) = (plan.TimeLeftHeight, plan.TimeLeftSeconds);
        report.Heading(Invariant($"6. Time left: what a {seconds} s {height}p render said against what it really had left"));
        if (SharedMedia.Missing() is { } skipped)
        {
            report.Line(skipped);
            return;
        }
        var video = BenchMedia.TalkingClip(height, seconds, source: SharedMedia.TalkingMan);
        var speech = BenchMedia.Speech(seconds, source: SharedMedia.Speech60s);
        report.Status(Invariant($"time left: {seconds} s {height}p on a data directory that has run nothing"));
        var cold = await TraceAsync(await BenchJobs.OpenAsync(concurrency: 2), speech, video);
        report.Status(Invariant($"time left: a 10 s render of another clip first, then the {seconds} s {height}p render"));
        var system = await BenchJobs.OpenAsync(concurrency: 2);
        await TraceAsync(system, BenchMedia.Speech(10, offsetSeconds: 30, source: SharedMedia.Speech60s), BenchMedia.TalkingClip(height, 10, source: SharedMedia.WomanSquare));
        var trained = await TraceAsync(system, speech, video);

        report.Line(Invariant($"One job through the embedded job system (2 workers, nothing else queued): {seconds} s of a real recording (a man talking, looped) at {BenchMedia.WidthFor(height)}x{height} with {seconds} s of real English speech. Every update the web page would receive is recorded with the moment it came; \"said\" is the time left of the last update at that share of the job's wall time, \"really\" the time the job still took from then. Untrained: a fresh data directory, so the estimator has only its model (fitted on the suite's machine). Trained: the same data directory first rendered 10 s of another person's recording at {height}p, so it knows this machine's pace."));
        report.Line();
        report.Line(Invariant($"**After 20 % of the render the time left was off by {cold.Error(0.2):+0%;-0%;0%} untrained and {trained.Error(0.2):+0%;-0%;0%} trained (bound ±{AllowedError:0%}); the job took {cold.Total:0.0} s and {trained.Total:0.0} s.**"));
        report.Line();
        report.TableHeader("share of the job's time", "untrained: said (s)", "really (s)", "error", "trained: said (s)", "really (s)", "error");
        foreach (var share in Checkpoints)
        {
            var (coldSaid, coldReally) = cold.At(share);
            var (trainedSaid, trainedReally) = trained.At(share);
            report.TableRow(Invariant($"{share:0%}"), Invariant($"{coldSaid:0.0}"), Invariant($"{coldReally:0.0}"), Invariant($"{cold.Error(share):+0%;-0%;0%}"),
                Invariant($"{trainedSaid:0.0}"), Invariant($"{trainedReally:0.0}"), Invariant($"{trained.Error(share):+0%;-0%;0%}"));
        }
        double[] shares = [.. Enumerable.Range(0, 21).Select(n => n * 0.05)];
        report.Chart("time-left.png", "time left said against time really left", path => LineChart.Write(path,
            Invariant($"{seconds} s {height}p render: time left said and really left"), "seconds left", "share of the job's time (%)",
            [.. shares.Select(share => share * 100)],
            [new ChartSeries("really left", [.. shares.Select(share => trained.At(share).Really)]),
             new ChartSeries("said, trained", [.. shares.Select(share => trained.At(share).Said)]),
             new ChartSeries("said, untrained", [.. shares.Select(share => cold.At(share).Said)])],
            "0"));
    }

    /// <summary>Runs one job and records every update's time left with the moment it came, from the job's start.</summary>
    private static async Task<Trace> TraceAsync(JobSystem system, string speech, string video)
    {
        using var watching = new CancellationTokenSource();
        var updates = new List<(DateTimeOffset At, TimeSpan Left)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var update in system.Events.WatchAsync(watching.Token).ConfigureAwait(false))
                if (update is { Remaining: { } left, State: JobState.Preparing or JobState.Rendering })
                    updates.Add((DateTimeOffset.UtcNow, left));
        }, CancellationToken.None);
        var job = await system.SubmitAsync(new JobRequest(speech, video, new JobOptions()));
        await BenchJobs.RunAllAsync(system);
        await watching.CancelAsync();
        await watch.ContinueWith(_ => { }, TaskScheduler.Default);
        var done = (await system.Store.GetAsync(job.Id))!;
        var start = done.StartedAt!.Value;
        return new Trace([.. updates.Select(update => new Sample((update.At - start).TotalSeconds, update.Left.TotalSeconds)).Where(s => s.At >= 0)],
            (done.FinishedAt!.Value - start).TotalSeconds);
    }
}
