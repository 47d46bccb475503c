using System.Diagnostics;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>
/// The real <c>mouthpiece</c> program, run as a second process on a server's data directory; disposing it ends
/// it, so a failed or timed-out test leaves no batch running on the machine.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private CliProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The CLI built with this test project, in the same configuration (bin/CONFIGURATION/net10.0/).</summary>
    private static string Program
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = framework.Parent!.Name;
            return TestData.File("..", "..", "src", "Mouthpiece.Cli", "bin", configuration, framework.Name, "mouthpiece.dll");
        }
    }

    public static CliProcess Start(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        startInfo.Environment["LANG"] = "C.UTF-8";
        startInfo.ArgumentList.Add(Program);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
