using System.Globalization;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Spectre.Console;

namespace Mouthpiece.Cli.Commands;

/// <summary>Copies each finished item to the output folder as soon as it is done, under its output name.</summary>
internal sealed class BatchCollector(string outDir)
{
    private readonly HashSet<string> copied = [];

    public async Task CopyFinishedAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs.Where(job => job.State == JobState.Done && !copied.Contains(job.Id)))
        {
            var target = Path.Combine(outDir, job.OutputName);
            await OutputFile.WriteAsync(target, partial =>
            {
                File.Copy(job.OutputPath, partial, overwrite: true);
                return Task.CompletedTask;
            }, cancellationToken);
            copied.Add(job.Id);
        }
    }
}

/// <summary>
/// The batch as it runs: a live table (item, state, stage with the place in line and time left, per cent) over a
/// line with the batch's own time left on a terminal; a line per change otherwise. The numbers are the job
/// system's forecasts, the same the web page and the API show.
/// </summary>
internal static class BatchTable
{
    public static async Task<IReadOnlyList<Job>> ShowAsync(Func<Action<IReadOnlyList<Job>, JobForecasts>, Task<IReadOnlyList<Job>>> watch)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await watch(new PlainLines().Update);
        IReadOnlyList<Job> result = [];
        var table = new Table().AddColumns("item", "state", "stage", "%");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            result = await watch((jobs, forecasts) =>
            {
                table.Rows.Clear();
                foreach (var job in jobs.Where(job => job.Kind == JobKind.Render))
                    table.AddRow(Markup.Escape(job.OutputName), Name(job.State), Markup.Escape(Localized.Text(forecasts.Describe(job))), Percent(job));
                table.Caption(Markup.Escape(Summary(jobs, forecasts)));
                context.Refresh();
            });
        });
        return result;
    }

    internal static string Name(JobState state) => state.ToString().ToLowerInvariant();

    /// <summary>A failed or canceled item shows no per cent: how far it got before it failed is not progress.</summary>
    private static string Percent(Job job) => job.State switch
    {
        JobState.Failed or JobState.Canceled => "",
        JobState.Done => "100",
        _ => job.Progress.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>"2 of 6 done, 0:42 left": the batch's own time left, until its last item should be done.</summary>
    private static string Summary(IReadOnlyList<Job> jobs, JobForecasts forecasts)
    {
        var renders = jobs.Where(job => job.Kind == JobKind.Render).ToList();
        var done = renders.Count(job => job.State == JobState.Done);
        return Localized.Text(forecasts.Remaining(renders) is { } left
            ? Codes.Cli.BatchProgressLeft(done, renders.Count, left.TotalSeconds)
            : Codes.Cli.BatchProgress(done, renders.Count));
    }

    /// <summary>For logs and pipes: one line when an item's state or stage changes, or it passes another 25 %.</summary>
    private sealed class PlainLines
    {
        private readonly Dictionary<string, string> _last = [];

        public void Update(IReadOnlyList<Job> jobs, JobForecasts forecasts)
        {
            foreach (var job in jobs.Where(job => job.Kind == JobKind.Render))
            {
                var key = $"{job.State}|{job.Stage.Code}|{(int)job.Progress / 25}";
                if (_last.TryGetValue(job.Id, out var previous) && previous == key)
                    continue;
                _last[job.Id] = key;
                var percent = Percent(job) is { Length: > 0 } p ? $" {p}%" : "";
                Console.Error.WriteLine($"{job.OutputName}: {Name(job.State)}, {Localized.Text(forecasts.Describe(job))}{percent} ({Summary(jobs, forecasts)})");
            }
        }
    }
}

/// <summary>The closing lines: how many items succeeded, and each failure with its reason.</summary>
internal static class BatchSummary
{
    /// <returns>True when every item is done.</returns>
    public static bool Print(IReadOnlyList<Job> jobs, string outDir)
    {
        var done = jobs.Count(job => job.State == JobState.Done);
        Console.WriteLine(Localized.Text(Codes.Cli.BatchSummary(done, jobs.Count, outDir)));
        foreach (var job in jobs.Where(job => job.State != JobState.Done))
            Console.WriteLine($"  {job.OutputName}: {BatchTable.Name(job.State)}: {Localized.Text(job.Error ?? Codes.Cli.NoReason())} (job {job.Id})");
        return done == jobs.Count;
    }
}
