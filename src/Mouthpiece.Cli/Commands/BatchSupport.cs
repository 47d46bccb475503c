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

/// <summary>The batch as it runs: a live table (item, stage, %, ETA) on a terminal, a line per change otherwise.</summary>
internal static class BatchTable
{
    public static async Task<IReadOnlyList<Job>> ShowAsync(Func<Action<IReadOnlyList<Job>>, Task<IReadOnlyList<Job>>> watch)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await watch(new PlainLines().Update);
        IReadOnlyList<Job> result = [];
        var table = new Table().AddColumns("item", "state", "stage", "%", "ETA");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            result = await watch(jobs =>
            {
                table.Rows.Clear();
                foreach (var job in jobs)
                    table.AddRow(Markup.Escape(job.OutputName), Name(job.State), Markup.Escape(Localized.Text(job.Stage)), Percent(job), Eta(job));
                context.Refresh();
            });
        });
        return result;
    }

    internal static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static string Percent(Job job) => job.Progress.ToString("0", CultureInfo.InvariantCulture);

    private static string Eta(Job job) => job.Remaining is { } left && !job.IsFinal ? $"{left.TotalSeconds:0} s" : "";

    /// <summary>For logs and pipes: one line when an item's state or stage changes, or it passes another 25 %.</summary>
    private sealed class PlainLines
    {
        private readonly Dictionary<string, string> last = [];

        public void Update(IReadOnlyList<Job> jobs)
        {
            foreach (var job in jobs)
            {
                var key = $"{job.State}|{job.Stage.Code}|{(int)job.Progress / 25}";
                if (last.TryGetValue(job.Id, out var previous) && previous == key)
                    continue;
                last[job.Id] = key;
                var eta = Eta(job) is { Length: > 0 } e ? $", {e} left" : "";
                Console.Error.WriteLine($"{job.OutputName}: {Name(job.State)}, {Localized.Text(job.Stage)} {Percent(job)}%{eta}");
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
