using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
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
        var command = new Command("serve", "Run the web UI and HTTP API") { host, port, workers, store, broker };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new WebAppOptions(parse.GetValue(host)!, parse.GetValue(port), CommonOptions.ResolveData(parse))
            {
                Workers = parse.GetValue(workers),
                Store = parse.GetValue(store),
                Broker = parse.GetValue(broker),
            };
            WebApplication app;
            try
            {
                app = MouthpieceWebApp.Build(options);
            }
            catch (UnsafeToServeException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            return await CommandRunner.RunAsync(async () =>
            {
                await using (app)
                {
                    await app.StartAsync(cancel);
                    Console.WriteLine($"Mouthpiece is listening on {options.Url}");
                    Console.WriteLine($"Log file: {options.Data.MainLog}");
                    await app.WaitForShutdownAsync(cancel);
                }
                return CommandRunner.Success;
            });
        });
        return command;
    }
}
