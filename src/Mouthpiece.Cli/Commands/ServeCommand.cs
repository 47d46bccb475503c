using System.CommandLine;
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
            await using var app = MouthpieceWebApp.Build(options);
            try
            {
                await app.StartAsync(cancel);
            }
            catch (Exception e) when (Unsafe(e) is { } refused)
            {
                await Console.Error.WriteLineAsync(refused.Message);
                return 2;
            }
            foreach (var address in app.Urls)
                Console.WriteLine($"Mouthpiece is listening on {address}");
            Console.WriteLine($"Log file: {options.Data.MainLog}");
            await app.WaitForShutdownAsync(cancel);
            return 0;
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
