using System.Diagnostics;
using System.Runtime.Versioning;

namespace Mouthpiece.Cli.Tests;

/// <summary>
/// The <c>./mouthpiece</c> wrapper builds only when a source changed and stays quiet unless the build fails.
/// It runs here on a copy of itself in a small checkout whose CLI is a one-line program built with the real
/// CLI's stamp target, so the test never rebuilds the CLI the other tests are running; a <c>dotnet</c>
/// in front of the real one on PATH counts the builds.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class WrapperScriptTests : IDisposable
{
    private static readonly string RepositoryRoot = Path.GetFullPath(TestData.File("..", ".."));
    private readonly Scratch _checkout = new();
    private readonly string _buildLog;
    private readonly string _program;

    public WrapperScriptTests()
    {
        var root = _checkout.Root;
        var wrapper = Path.Combine(root, "mouthpiece");
        File.Copy(Path.Combine(RepositoryRoot, "mouthpiece"), wrapper);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(root, file), file == "global.json" ? File.ReadAllText(Path.Combine(RepositoryRoot, file)) : "<Project />");
        var cli = Directory.CreateDirectory(Path.Combine(root, "src", "Mouthpiece.Cli")).FullName;
        File.WriteAllText(Path.Combine(cli, "Mouthpiece.Cli.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>mouthpiece</AssemblyName>
              </PropertyGroup>
              <Import Project="{Path.Combine(RepositoryRoot, "src", "Mouthpiece.Cli", "SourcesStamp.targets")}" />
            </Project>
            """);
        _program = Path.Combine(cli, "Program.cs");
        File.WriteAllText(_program, """System.Console.WriteLine("hello " + string.Join(' ', args));""");

        _buildLog = Path.Combine(root, "builds.log");
        var tools = Directory.CreateDirectory(Path.Combine(root, "tools")).FullName;
        var countingDotnet = Path.Combine(tools, "dotnet");
        File.WriteAllText(countingDotnet, $"""
            #!/bin/sh
            [ "$1" = build ] && echo build >> '{_buildLog}'
            exec '{RealDotnet()}' "$@"
            """);
        File.SetUnixFileMode(countingDotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _checkout.Dispose();

    [Fact]
    public async Task Builds_once_quietly_then_only_when_a_source_changes()
    {
        var first = await RunAsync("--help");
        Assert.Equal((0, "hello --help", ""), (first.ExitCode, first.Output.Trim(), first.Errors));
        Assert.Equal(1, Builds());

        var second = await RunAsync("--help");
        Assert.Equal((0, "hello --help", ""), (second.ExitCode, second.Output.Trim(), second.Errors));
        Assert.Equal(1, Builds());

        // Copies the build makes (as of wwwroot under bin/) are no sources.
        var copy = Path.Combine(_checkout.Root, "src", "Mouthpiece.Cli", "bin", "Release", "net10.0", "wwwroot", "app.css");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllText(copy, "body {}");
        await RunAsync("x");
        Assert.Equal(1, Builds());

        File.WriteAllText(_program, """System.Console.WriteLine("changed " + string.Join(' ', args));""");
        var changed = await RunAsync("y");
        Assert.Equal((0, "changed y", ""), (changed.ExitCode, changed.Output.Trim(), changed.Errors));
        Assert.Equal(2, Builds());

        await RunAsync("z");
        Assert.Equal(2, Builds());
    }

    [Fact]
    public async Task A_failed_build_shows_the_compiler_errors_and_runs_nothing()
    {
        File.WriteAllText(_program, "this is not C#");

        var run = await RunAsync("--help");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("error CS", run.Errors, StringComparison.Ordinal);
        Assert.Contains("the build failed", run.Errors, StringComparison.Ordinal);
    }

    private int Builds() => File.Exists(_buildLog) ? File.ReadAllLines(_buildLog).Length : 0;

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(string argument)
    {
        var startInfo = new ProcessStartInfo(Path.Combine(_checkout.Root, "mouthpiece"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _checkout.Root,
        };
        startInfo.ArgumentList.Add(argument);
        startInfo.Environment["PATH"] = Path.Combine(_checkout.Root, "tools") + ":" + Environment.GetEnvironmentVariable("PATH");
        // No MSBuild server or nodes left running after the test.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string RealDotnet() =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':')
            .Select(folder => Path.Combine(folder, "dotnet"))
            .First(File.Exists);
}
