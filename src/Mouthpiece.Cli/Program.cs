using System.CommandLine;
using Mouthpiece.Cli;
using Mouthpiece.Cli.Commands;

var root = new RootCommand("Mouthpiece: make the person in a video speak a given recording.")
{
    CommonOptions.Data,
};
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(NormalizeCommand.Create());
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(ServeCommand.Create());

return await root.Parse(args).InvokeAsync();
