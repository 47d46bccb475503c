using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Mouthpiece.Devices;
using Mouthpiece.Web;

namespace Mouthpiece.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to bind", DefaultValueFactory = _ => WebAppOptions.DefaultHost };
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => WebAppOptions.DefaultPort };
        var workers = new Option<int?>("--workers") { Description = "Render workers in this process (default: one per core; 0 leaves rendering to `mouthpiece worker` processes)" };
        var (store, broker) = (JobSystems.StoreOption(), JobSystems.BrokerOption());
        var device = CommonOptions.DeviceOption();
        var command = new Command("serve", "Run the web UI and HTTP API") { host, port, workers, store, broker, device };
        command.SetAction(async (parse, cancel) =>
        {
            return await CommandRunner.RunAsync(async () =>
            {
                var options = new WebAppOptions(parse.GetValue(host)!, parse.GetValue(port), CommonOptions.ResolveData(parse))
                {
                    Workers = parse.GetValue(workers),
                    Store = parse.GetValue(store),
                    Broker = parse.GetValue(broker),
                    Device = parse.GetValue(device) is { } chosen ? ComputeDevices.Parse(chosen) : null,
                    // Without --tts-url the server reads Mouthpiece:TtsUrl or MOUTHPIECE_TTS_URL itself.
                    TtsService = parse.GetValue(CommonOptions.TtsUrl) is { Length: > 0 } url ? new Speech.TtsServiceOptions(url) : null,
                };
                await using var app = MouthpieceWebApp.Build(options);
                try
                {
                    await app.StartAsync(cancel);
                }
                catch (Exception e) when (Unsafe(e) is { } refused)
                {
                    return CommandRunner.Fail(CommandRunner.BadInput, refused.Message);
                }
                foreach (var address in app.Urls)
                    Console.WriteLine($"Mouthpiece is listening on {address}");
                Console.WriteLine($"Log file: {options.Data.MainLog}");
                await app.WaitForShutdownAsync(cancel);
                return CommandRunner.Success;
            });
        });
        return command;
    }

    /// <summary>The refusal to listen beyond loopback without a key, however deep the server's start-up wrapped it.</summary>
    private static UnsafeToServeException? Unsafe(Exception? e) => e switch
    {
        null => null,
        UnsafeToServeException refused => refused,
        AggregateException all => all.InnerExceptions.Select(Unsafe).FirstOrDefault(found => found is not null),
        _ => Unsafe(e.InnerException),
    };
}
