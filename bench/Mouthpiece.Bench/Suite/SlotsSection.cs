using Mouthpiece.Bench.Charts;
using Mouthpiece.Jobs;
using Mouthpiece.Scheduling;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 7, how many jobs at once: the same batch of short compliant renders through the job system with one
/// slot, the default for this machine's cores (<see cref="Slots.ForCores"/>), and more, each on a fresh data directory.
/// </summary>
internal static class SlotsSection
{
    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        var cores = Environment.ProcessorCount;
        var chosen = Slots.ForCores(cores);
        int[] counts = [.. new[] { 1, chosen, chosen + 1, 2 * chosen }.Distinct().Order()];
        report.Heading(Invariant($"7. Slots: jobs at once on {cores} cores"));
        var speech = BenchMedia.Speech(plan.BatchItemSeconds);
        var clips = Enumerable.Range(0, plan.SlotsBatchSize).Select(n => BenchMedia.TalkingClip(720 - (2 * n), plan.BatchItemSeconds)).ToList();
        var walls = new List<double>();
        foreach (var slots in counts)
        {
            report.Status(Invariant($"slots: {clips.Count} renders with {slots} at once"));
            walls.Add(await Timing.SecondsAsync(async () =>
            {
                var system = await BenchJobs.OpenAsync(slots);
                await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(speech, clips, new JobOptions()));
                await BenchJobs.RunAllAsync(system);
                Directory.Delete(system.Data.Root, recursive: true);
            }));
        }
        var best = counts[walls.IndexOf(walls.Min())];
        report.Line(Invariant($"{clips.Count} compliant 720p renders of {plan.BatchItemSeconds} s, one speech, as one batch; the wall time from submission to the last result. The default here is {chosen} slot(s) (one per two cores, at least two)."));
        report.Line();
        report.Line(Invariant($"**Fastest with {best} slot(s): {walls.Min():0.0} s; the default, {chosen}, took {walls[Array.IndexOf(counts, chosen)]:0.0} s.**"));
        report.Line();
        report.TableHeader("slots", "batch wall (s)", "÷ default");
        for (var i = 0; i < counts.Length; i++)
            report.TableRow(Invariant($"{counts[i]}"), Invariant($"{walls[i]:0.0}"), Invariant($"{walls[i] / walls[Array.IndexOf(counts, chosen)]:0.00}"));
        report.Chart("slots.png", "batch wall time against slots", path => BarChart.Write(path,
            Invariant($"{clips.Count} renders of {plan.BatchItemSeconds} s on {cores} cores"), "seconds", [.. counts.Select(count => Invariant($"{count} slots"))],
            [new ChartSeries("batch wall", walls)], "0.0"));
    }
}
