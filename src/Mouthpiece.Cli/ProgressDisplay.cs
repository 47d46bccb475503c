using System.Globalization;
using Spectre.Console;

namespace Mouthpiece.Cli;

/// <summary>
/// Shows the progress of one long task: a live bar on a terminal, and on a pipe or in a log one plain
/// line every ten per cent, which stays readable in CI output and log files.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task RunAsync(string description, Func<IProgress<double>, Task> work)
    {
        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(description, maxValue: 1.0);
                    await work(new Progress<double>(fraction => task.Value = fraction));
                    task.Value = 1.0;
                });
            return;
        }
        var lastTenth = -1;
        await work(new SynchronousProgress(fraction =>
        {
            var tenth = (int)(fraction * 10);
            if (tenth <= lastTenth)
                return;
            lastTenth = tenth;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {tenth * 10}%"));
        }));
    }

    /// <summary>Reports on the caller's thread, so plain lines come out in order.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        private readonly Lock _gate = new();

        public void Report(double value)
        {
            lock (_gate)
                report(value);
        }
    }
}
