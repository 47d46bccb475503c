using System.CommandLine;
using Mouthpiece.Jobs;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Cli.Commands;

/// <summary>
/// <c>mouthpiece worker</c>: runs jobs from the queue until stopped (Ctrl+C or SIGTERM): the data directory's own
/// queue, or a cluster's with <c>--store</c> and <c>--broker</c>.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = ConcurrencyOption();
        var lease = new Option<double?>("--lease") { Description = "Seconds a job stays claimed without a heartbeat; after a crash it is taken again this much later (default 15)" };
        var store = JobSystems.StoreOption();
        var broker = JobSystems.BrokerOption();
        var command = new Command("worker", "Run queued jobs from the data directory (or a cluster's queue) until stopped") { concurrency, lease, store, broker };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var options = Options(parse, concurrency);
            if (parse.GetValue(lease) is { } seconds)
                options = options with { Lease = TimeSpan.FromSeconds(seconds) };
            await using var system = await JobSystems.OpenAsync(parse, store, broker, options, cancel);
            Console.Error.WriteLine($"worker: {options.Concurrency} at a time on {system.Data.Root}, jobs in {system.Backend.Description}; log {system.Data.MainLog}");
            await Task.WhenAll(system.RunNodeAsync(cancel), system.RunWorkersAsync(cancel));
            return CommandRunner.Success;
        }));
        return command;
    }

    public static Option<int?> ConcurrencyOption() =>
        new("--concurrency") { Description = $"Jobs at a time (default: one per two cores, at least two: {Slots.ForCores(Environment.ProcessorCount)} here)" };

    public static JobSystemOptions Options(ParseResult parse, Option<int?> concurrency) =>
        parse.GetValue(concurrency) is { } count ? new JobSystemOptions { Concurrency = Math.Max(1, count) } : new JobSystemOptions();
}
