using System.Diagnostics;

namespace Mouthpiece.Cli.Tests;

/// <summary>Runs the real <c>mouthpiece</c> program, as a user would, and captures what it says.</summary>
internal static class Cli
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "mouthpiece.dll");

    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments) =>
        RunInLocaleAsync("C.UTF-8", arguments);

    /// <summary>Runs the program as a user whose terminal speaks <paramref name="locale"/> (LANG).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunInLocaleAsync(string locale, params string[] arguments)
    {
        using var process = Start(locale, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Starts the program with stdin closed, for tests that talk to it while it runs.</summary>
    public static Process Start(params string[] arguments) => Start("C.UTF-8", arguments);

    private static Process Start(string locale, string[] arguments)
    {
        // Through env(1) with SIGINT restored to its default: a test run started in the background from a script
        // inherits SIGINT ignored, .NET keeps an inherited ignore, and the Ctrl+C test's signal would be dropped.
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("--default-signal=INT");
        // The messages follow the locale; tests choose it instead of inheriting the machine's.
        startInfo.ArgumentList.Add("--unset=LC_ALL");
        startInfo.ArgumentList.Add("--unset=LC_MESSAGES");
        startInfo.ArgumentList.Add("LANG=" + locale);
        startInfo.ArgumentList.Add("dotnet");
        startInfo.ArgumentList.Add(Program);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        return process;
    }
}
