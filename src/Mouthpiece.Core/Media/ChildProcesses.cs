using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Mouthpiece.Media;

/// <summary>
/// Starts the tools Mouthpiece runs so that none outlives this process, however it ends (SIGKILL included).
/// On Linux each child is started through util-linux's <c>setpriv --pdeathsig KILL</c>: the kernel kills the
/// child when the thread that forked it ends. A thread-pool thread may end at any time while its child still
/// works, so every child is forked by one thread that lives exactly as long as the process. Each child is also
/// recorded in <see cref="ChildRegistry.Default"/>, whose sweep (run before the first start) kills what a
/// process that died without that signal (another platform, no setpriv) left behind.
/// </summary>
internal static class ChildProcesses
{
    private static readonly BlockingCollection<StartRequest> Requests = [];
    private static readonly Lazy<string?> DeathSignalWrapper = new(() => OperatingSystem.IsLinux() ? FindOnPath("setpriv") : null);
    private static readonly Lazy<Thread> Forker = new(StartForker);

    /// <summary>True when children get the parent-death signal (Linux with util-linux).</summary>
    public static bool DieWithParent => DeathSignalWrapper.Value is not null;

    /// <summary>Starts <paramref name="startInfo"/> from the forking thread; throws <see cref="Win32Exception"/> when the program is missing.</summary>
    public static Process Start(ProcessStartInfo startInfo)
    {
        var program = FindOnPath(startInfo.FileName)
            ?? throw new Win32Exception(2, $"{startInfo.FileName}: not found on PATH");
        var request = new StartRequest(WithDeathSignal(startInfo, program));
        _ = Forker.Value;
        Requests.Add(request);
        request.Done.Wait();
        request.Done.Dispose();
        if (request.Failure is { } failure)
            throw failure;
        ChildRegistry.Default.Record(request.Process!);
        return request.Process!;
    }

    private static ProcessStartInfo WithDeathSignal(ProcessStartInfo startInfo, string program)
    {
        if (DeathSignalWrapper.Value is not { } setpriv)
        {
            startInfo.FileName = program;
            return startInfo;
        }
        var arguments = startInfo.ArgumentList.ToList();
        startInfo.FileName = setpriv;
        startInfo.ArgumentList.Clear();
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", program, .. arguments])
            startInfo.ArgumentList.Add(argument);
        return startInfo;
    }

    private static Thread StartForker()
    {
        // Must not throw: Lazy would keep the exception and fail every child start of this process with it.
        ChildRegistry.Default.SweepOrphans();
        var thread = new Thread(Fork) { IsBackground = true, Name = "mouthpiece child forker" };
        thread.Start();
        return thread;
    }

    /// <summary>Never returns: its end would be the death signal for every child it started.</summary>
    private static void Fork()
    {
        foreach (var request in Requests.GetConsumingEnumerable())
        {
            try
            {
                request.Process = Process.Start(request.StartInfo) ?? throw new InvalidOperationException($"{request.StartInfo.FileName} did not start");
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException)
            {
                request.Failure = e;
            }
            request.Done.Set();
        }
    }

    /// <summary>The full path of <paramref name="program"/> as the shell would find it, or null.</summary>
    internal static string? FindOnPath(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    private sealed class StartRequest(ProcessStartInfo startInfo)
    {
        public ProcessStartInfo StartInfo { get; } = startInfo;

        public ManualResetEventSlim Done { get; } = new();

        public Process? Process { get; set; }

        public Exception? Failure { get; set; }
    }
}
