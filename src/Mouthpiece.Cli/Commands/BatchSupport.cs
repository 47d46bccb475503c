using System.Globalization;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Spectre.Console;

namespace Mouthpiece.Cli.Commands;

/// <summary>
/// Copies each finished item to the output folder as soon as it is done, under <see cref="OutputNames"/>' rule:
/// the folder's own files are never replaced (a name it has gets a number) unless <c>overwrite</c> is asked for.
/// The names are chosen at the start, so the live table shows where each item will land.
/// </summary>
internal sealed class BatchCollector
{
    private readonly string _outDir;
    private readonly bool _overwrite;
    private readonly Dictionary<string, string> _names = [];
    private readonly HashSet<string> _copied = [];

    public BatchCollector(string outDir, bool overwrite, IReadOnlyList<(string JobId, string Name)> items)
    {
        _outDir = outDir;
        _overwrite = overwrite;
        var names = OutputNames.UniqueAll(items.Select(item => item.Name), name => !overwrite && Exists(name));
        foreach (var (item, name) in items.Zip(names))
            _names[item.JobId] = name;
    }

    public string FileName(Job job) => _names.GetValueOrDefault(job.Id, job.OutputName);

    public string PathOf(Job job) => Path.Combine(_outDir, FileName(job));

    public string OutDir => _outDir;

    public async Task CopyFinishedAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs.Where(job => job.State == JobState.Done && !_copied.Contains(job.Id)))
        {
            var partial = Path.Combine(_outDir, $".{job.Id}.partial");
            try
            {
                await using (var source = File.OpenRead(job.OutputPath))
                await using (var target = File.Create(partial))
                    await source.CopyToAsync(target, cancellationToken);
                Place(job, partial);
            }
            finally
            {
                File.Delete(partial);
            }
            // Subtitles go beside their video under its name: OUT.srt, OUT.vtt.
            foreach (var subtitles in JobSystem.SubtitlePaths(job))
                File.Copy(subtitles, Path.ChangeExtension(PathOf(job), Path.GetExtension(subtitles)), overwrite: true);
            _copied.Add(job.Id);
        }
    }

    /// <summary>Renames the copy into place; a file another program put there meanwhile keeps its name and the copy takes the next number.</summary>
    private void Place(Job job, string partial)
    {
        while (true)
        {
            try
            {
                File.Move(partial, PathOf(job), _overwrite);
                return;
            }
            catch (IOException) when (!_overwrite && File.Exists(PathOf(job)))
            {
                _names[job.Id] = OutputNames.Unique(FileName(job), name => Exists(name) || _names.ContainsValue(name));
            }
        }
    }

    private bool Exists(string name) => File.Exists(Path.Combine(_outDir, name)) || Directory.Exists(Path.Combine(_outDir, name));
}

/// <summary>
/// The batch as it runs: a live table (item, state, stage with the place in line and time left, per cent) over a
/// line with the batch's own time left on a terminal; a line per change otherwise. The numbers are the job
/// system's forecasts, the same the web page and the API show.
/// </summary>
internal static class BatchTable
{
    public static async Task<IReadOnlyList<Job>> ShowAsync(Func<Job, string> nameOf, Func<Action<IReadOnlyList<Job>, JobForecasts>, Task<IReadOnlyList<Job>>> watch)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await watch(new PlainLines(nameOf).Update);
        IReadOnlyList<Job> result = [];
        var table = new Table().AddColumns("item", "state", "stage", "%");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            result = await watch((jobs, forecasts) =>
            {
                table.Rows.Clear();
                foreach (var job in jobs.Where(job => job.Kind == JobKind.Render))
                    table.AddRow(Markup.Escape(nameOf(job)), Name(job.State), Markup.Escape(Localized.Text(forecasts.Describe(job))), Percent(job));
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
    private sealed class PlainLines(Func<Job, string> nameOf)
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
                Console.Error.WriteLine($"{nameOf(job)}: {Name(job.State)}, {Localized.Text(forecasts.Describe(job))}{percent} ({Summary(jobs, forecasts)})");
            }
        }
    }
}

/// <summary>The closing lines: how many items succeeded, and each failure with its reason.</summary>
internal static class BatchSummary
{
    /// <returns>True when every item is done.</returns>
    public static bool Print(IReadOnlyList<Job> jobs, BatchCollector collector)
    {
        var done = jobs.Count(job => job.State == JobState.Done);
        Console.WriteLine(Localized.Text(Codes.Cli.BatchSummary(done, jobs.Count, collector.OutDir)));
        foreach (var job in jobs.Where(job => job.State == JobState.Done))
            Console.WriteLine($"  {collector.PathOf(job)}");
        foreach (var job in jobs.Where(job => job.State != JobState.Done))
            Console.WriteLine($"  {collector.FileName(job)}: {BatchTable.Name(job.State)}: {Localized.Text(job.Error ?? Codes.Cli.NoReason())} (job {job.Id})");
        return done == jobs.Count;
    }
}
