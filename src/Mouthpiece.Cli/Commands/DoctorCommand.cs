using System.CommandLine;
using Mouthpiece.Diagnostics;
using Mouthpiece.Distributed;

namespace Mouthpiece.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var (store, broker) = (JobSystems.StoreOption(), JobSystems.BrokerOption());
        var command = new Command("doctor", "Check that this machine has everything Mouthpiece needs (and, with --store/--broker, the cluster's services)") { store, broker };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var data = CommonOptions.ResolveData(parse);
            var results = (await EnvironmentChecks.RunAllAsync(data, cancel))
                .Concat(await ClusterChecks.RunAsync(data, JobSystems.Cluster(parse, store, broker), cancel)).ToList();
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
