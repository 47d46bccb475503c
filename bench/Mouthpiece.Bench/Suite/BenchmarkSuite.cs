using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// The end-to-end suite behind <c>bench/run.sh</c>: a header describing the machine, then each section in turn,
/// each adding its table and chart to the report. A complete run is copied to <c>bench/results/latest/</c>,
/// the stable place the README links to.
/// </summary>
internal static class BenchmarkSuite
{
    public static string LatestDirectory { get; } = Path.Combine(BenchMedia.RepositoryRoot, "bench", "results", "latest");

    private static readonly (string Name, Func<SuitePlan, SuiteReport, Task> Run)[] Sections =
    [
        ("1. render ÷ plain transcode", RenderRatioSection.RunAsync),
        ("2. bitrate study", BitrateStudySection.RunAsync),
        ("3. batch with heavy inputs", BatchSection.RunAsync),
        ("4. peak memory", MemorySection.RunAsync),
        ("5. face-track cache", FaceCacheSection.RunAsync),
        ("6. time left", TimeLeftSection.RunAsync),
        ("7. slots", SlotsSection.RunAsync),
    ];

    /// <param name="only">Section numbers ("3", "6"): those sections alone, and the report is not copied to <see cref="LatestDirectory"/>.</param>
    public static async Task RunAsync(SuitePlan plan, string outputDirectory, IReadOnlyList<string>? only = null)
    {
        var sections = only is null ? Sections : [.. Sections.Where(section => only.Contains(section.Name.Split('.')[0]))];
        if (sections.Length == 0)
            throw new ArgumentException($"no section {string.Join(",", only!)}: the sections are {string.Join(", ", Sections.Select(section => section.Name))}", nameof(only));
        var report = new SuiteReport(outputDirectory);
        MachineDescription.Write(report, plan);
        report.Save();
        report.Status("warming up (JIT, landmark model, ONNX session)");
        var warmUp = await Timing.SecondsAsync(RenderRatioSection.WarmUpAsync);
        var times = new List<(string Name, double Seconds)> { ("warm-up render", warmUp) };
        foreach (var (name, run) in sections)
        {
            times.Add((name, await Timing.SecondsAsync(() => run(plan, report))));
            report.Save();
        }
        WriteTimes(report, times);
        report.Save();
        if (only is not null)
        {
            report.Status($"report: {Path.Combine(report.Directory, SuiteReport.FileName)} (some sections: not copied to {LatestDirectory})");
            return;
        }
        report.Publish(LatestDirectory);
        report.Status($"report: {Path.Combine(report.Directory, SuiteReport.FileName)}, copied to {LatestDirectory}");
    }

    /// <summary>Where the suite's time goes (making the inputs included, building excluded), to keep it within its budget.</summary>
    private static void WriteTimes(SuiteReport report, List<(string Name, double Seconds)> times)
    {
        report.Heading("Time taken");
        report.TableHeader("part", "minutes");
        foreach (var (name, seconds) in times)
            report.TableRow(name, Invariant($"{seconds / 60:0.0}"));
        report.TableRow("**total** (inputs made on the way; build not included)", Invariant($"**{times.Sum(time => time.Seconds) / 60:0.0}**"));
    }
}
