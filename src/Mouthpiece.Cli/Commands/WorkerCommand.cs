using System.CommandLine;
using Mouthpiece.Jobs;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Cli.Commands;

/// <summary><c>mouthpiece worker</c>: runs jobs from the data directory's queue until stopped (Ctrl+C or SIGTERM).</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = ConcurrencyOption();
        var lease = new Option<double?>("--lease") { Description = "Seconds a job stays claimed without a heartbeat; after a crash it is taken again this much later (default 15)" };
        var command = new Command("worker", "Run queued jobs from the data directory until stopped") { concurrency, lease };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var options = Options(parse, concurrency);
            if (parse.GetValue(lease) is { } seconds)
                options = options with { Lease = TimeSpan.FromSeconds(seconds) };
            var system = await JobSystem.OpenAsync(CommonOptions.ResolveData(parse), options, cancel);
            Console.Error.WriteLine($"worker: {options.Concurrency} at a time on {system.Data.Root}; log {system.Data.MainLog}");
            await system.RunWorkersAsync(cancel);
            return CommandRunner.Success;
        }));
        return command;
    }

    public static Option<int?> ConcurrencyOption() =>
        new("--concurrency") { Description = $"Jobs at a time (default: one per two cores, at least two: {Slots.ForCores(Environment.ProcessorCount)} here)" };

    public static JobSystemOptions Options(ParseResult parse, Option<int?> concurrency) =>
        parse.GetValue(concurrency) is { } count ? new JobSystemOptions { Concurrency = Math.Max(1, count) } : new JobSystemOptions();
}
