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
        var command = new Command("serve", "Run the web UI and HTTP API") { host, port };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new WebAppOptions(parse.GetValue(host)!, parse.GetValue(port), CommonOptions.ResolveData(parse));
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
            await app.StartAsync(cancel);
            Console.WriteLine($"Mouthpiece is listening on {options.Url}");
            Console.WriteLine($"Log file: {options.Data.MainLog}");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }
}
