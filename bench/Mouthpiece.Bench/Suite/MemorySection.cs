using Mouthpiece.Bench.Charts;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 4: memory must not grow with the input's length. The CLI renders video and speech of equal length,
/// and the resident memory of its whole process tree (dotnet and its ffmpeg children) is sampled from /proc.
/// </summary>
internal static class MemorySection
{
    private static readonly string Cli = Path.Combine(BenchMedia.RepositoryRoot, "src", "Mouthpiece.Cli", "bin", "Release", "net10.0", "mouthpiece.dll");

    private sealed record Row(double Minutes, PeakMemoryResult Run)
    {
        public double TreeMegabytes => Run.TreePeakBytes / 1e6;
    }

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        report.Heading("4. Peak memory vs input duration");
        var clip = BenchMedia.TalkingClip(plan.MemoryHeight, 10);
        report.Line(Invariant($"`mouthpiece render` (the CLI, Release) at {BenchMedia.WidthFor(plan.MemoryHeight)}x{plan.MemoryHeight}, video and speech equally long, made by repeating a 10 s clip and the speech by stream copy (no re-encode). Peak resident memory of the CLI and its ffmpeg processes together, sampled every 50 ms; a fresh data folder each time, so faces are tracked."));
        report.Line();
        report.TableHeader("input length", "peak MB (CLI + ffmpeg)", Invariant($"growth vs {plan.MemoryMinutes[0]:0.#} min"), "peak MB of the CLI process alone", "wall (s)");
        var rows = new List<Row>();
        foreach (var minutes in plan.MemoryMinutes)
        {
            report.Status(Invariant($"memory: {minutes} min"));
            var row = new Row(minutes, await MeasureAsync(clip, minutes));
            rows.Add(row);
            var growth = row.TreeMegabytes - rows[0].TreeMegabytes;
            report.TableRow(Invariant($"{minutes:0.#} min{(row.Run.ExitCode == 0 ? "" : " (FAILED)")}"), Invariant($"{row.TreeMegabytes:0}"),
                Invariant($"{growth:+0;-0;0} MB ({growth / rows[0].TreeMegabytes:+0%;-0%;0%})"),
                Invariant($"{row.Run.ProcessPeakBytes / 1e6:0}"), Invariant($"{row.Run.Elapsed.TotalSeconds:0.0}"));
        }
        report.Chart("peak-memory.png", "peak memory against input length", path => LineChart.Write(path,
            Invariant($"peak memory of the cli render at {plan.MemoryHeight}p"), "megabytes", "minutes of video and speech",
            [.. rows.Select(row => row.Minutes)], [new ChartSeries("peak RSS, CLI + ffmpeg", [.. rows.Select(row => row.TreeMegabytes)]),
             new ChartSeries("CLI process alone", [.. rows.Select(row => row.Run.ProcessPeakBytes / 1e6)])], "0"));
    }

    private static async Task<PeakMemoryResult> MeasureAsync(string clip, double minutes)
    {
        var seconds = (int)Math.Round(minutes * 60);
        var video = BenchMedia.RepeatedTo(clip, seconds);
        var speech = BenchMedia.Speech(seconds);
        var data = Path.Combine(BenchMedia.WorkDirectory, $"memory-data-{Guid.NewGuid():N}");
        var run = await PeakMemory.RunAsync("dotnet",
            [Cli, "render", "--audio", speech, "--video", video, "--output", Path.Combine(BenchMedia.WorkDirectory, "long.mp4"), "--data", data]);
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);
        return run;
    }
}
