using System.CommandLine;
using Mouthpiece.Cli;
using Mouthpiece.Cli.Commands;

var root = new RootCommand("Mouthpiece: make the person in a video speak a given recording.")
{
    CommonOptions.Data,
    CommonOptions.TtsUrl,
};
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(BatchCommand.Create());
root.Subcommands.Add(JobsCommand.Create());
root.Subcommands.Add(VoicesCommand.Create());
root.Subcommands.Add(AvatarsCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(NormalizeCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());

// Ctrl+C and SIGTERM cancel the running command's token; the command then stops ffmpeg and deletes what it
// started writing. System.CommandLine 2.0.0 leaves this off unless a timeout is set, and would then kill the
// process at once, orphaning ffmpeg and leaving a .partial behind.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await root.Parse(args).InvokeAsync(invocation);
