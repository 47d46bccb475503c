using System.CommandLine;
using Mouthpiece.Devices;
using Mouthpiece.Jobs;
using Mouthpiece.Scheduling;
using Mouthpiece.Web.Logging;

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
        var device = CommonOptions.DeviceOption();
        var store = JobSystems.StoreOption();
        var broker = JobSystems.BrokerOption();
        var command = new Command("worker", "Run queued jobs from the data directory (or a cluster's queue) until stopped") { concurrency, lease, store, broker, device };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var options = Options(parse, concurrency, device);
            if (parse.GetValue(lease) is { } seconds)
                options = options with { Lease = TimeSpan.FromSeconds(seconds) };
            using var logging = MouthpieceLogging.CreateFactory(CommonOptions.ResolveData(parse).EnsureCreated());
            await using var system = await JobSystems.OpenAsync(parse, store, broker, options, logging, cancel);
            Console.Error.WriteLine($"worker: {options.Concurrency} at a time on {system.Data.Root}, jobs in {system.Backend.Description}, device {options.Device.Name()}; log {system.Data.MainLog}");
            await Task.WhenAll(system.RunNodeAsync(cancel), system.RunWorkersAsync(cancel));
            return CommandRunner.Success;
        }));
        return command;
    }

    public static Option<int?> ConcurrencyOption() =>
        new("--concurrency") { Description = $"Jobs at a time (default: one per two cores, at least two: {Slots.ForCores(Environment.ProcessorCount)} here)" };

    /// <summary>The workers' settings: how many jobs at a time, the device for jobs that do not choose one, and the TTS service.</summary>
    public static JobSystemOptions Options(ParseResult parse, Option<int?> concurrency, Option<string?> device)
    {
        var options = new JobSystemOptions { Device = CommonOptions.ResolveDevice(parse, device), TtsService = CommonOptions.ResolveTtsService(parse) };
        return parse.GetValue(concurrency) is { } count ? options with { Concurrency = Math.Max(1, count) } : options;
    }
}
