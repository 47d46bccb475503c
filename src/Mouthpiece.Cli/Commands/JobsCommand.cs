using System.CommandLine;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;

namespace Mouthpiece.Cli.Commands;

/// <summary><c>mouthpiece jobs list|cancel|retry|delete</c>: look at and control the queue on the data directory, or a cluster's.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "List, cancel, retry or delete jobs");
        var batch = new Option<string?>("--batch") { Description = "Only this batch" };
        var (store, broker) = (JobSystems.StoreOption(), JobSystems.BrokerOption());
        var list = new Command("list", "Jobs in the order they were submitted") { batch, store, broker };
        list.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            await using var system = await JobSystems.OpenAsync(parse, store, broker, null, null, cancel);
            var forecasts = await system.ForecastAsync(cancel);
            foreach (var job in await system.Store.ListAsync(parse.GetValue(batch), cancel))
                Console.WriteLine($"{job.Id}  {job.BatchId ?? "-",-16}  {BatchTable.Name(job.State),-9}  {job.Progress,5:0.0}%  {job.OutputName}  {Localized.Text(forecasts.Describe(job))}{(job.Error is { } e ? ": " + Localized.Text(e) : "")}");
            return CommandRunner.Success;
        }));
        command.Subcommands.Add(list);
        command.Subcommands.Add(Control("cancel", "Cancel jobs (a running one stops within seconds)", async (system, id, cancel) => (await system.CancelAsync([id], cancel)).Contains(id)));
        command.Subcommands.Add(Control("retry", "Run failed or canceled jobs again", (system, id, cancel) => system.RetryAsync(id, cancel)));
        command.Subcommands.Add(Control("delete", "Delete jobs and their files", (system, id, cancel) => system.DeleteAsync(id, cancel)));
        return command;
    }

    private static Command Control(string name, string description, Func<JobSystem, string, CancellationToken, Task<bool>> act)
    {
        var ids = new Argument<string[]>("id") { Description = "Job ids", Arity = ArgumentArity.OneOrMore };
        var (store, broker) = (JobSystems.StoreOption(), JobSystems.BrokerOption());
        var command = new Command(name, description) { ids, store, broker };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            await using var system = await JobSystems.OpenAsync(parse, store, broker, null, null, cancel);
            var exitCode = CommandRunner.Success;
            foreach (var id in parse.GetValue(ids)!)
            {
                if (await act(system, id, cancel))
                    continue;
                exitCode = CommandRunner.Fail(CommandRunner.Failure, Localized.Text(Codes.Cli.NoSuchJob(id, name)));
            }
            return exitCode;
        }));
        return command;
    }
}
