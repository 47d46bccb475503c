using System.CommandLine;
using Mouthpiece.Diagnostics;

namespace Mouthpiece.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that this machine has everything Mouthpiece needs");
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var results = await EnvironmentChecks.RunAllAsync(CommonOptions.ResolveData(parse), cancel);
            foreach (var result in results)
            {
                var mark = result.Ok ? "✓" : "✗";
                var fix = result.Fix is null || result.Ok ? "" : $" — fix: {result.Fix}";
                Console.WriteLine($"{mark} {result.Name,-20} {result.Detail}{fix}");
            }
            return results.All(r => r.Ok || !r.Required) ? CommandRunner.Success : CommandRunner.Failure;
        }));
        return command;
    }
}
