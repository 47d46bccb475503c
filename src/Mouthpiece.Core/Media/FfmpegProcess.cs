using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;

namespace Mouthpiece.Media;

/// <summary>
/// One running ffmpeg or ffprobe. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/>
/// (never a quoted string); stderr is always drained, keeping its tail for error messages, because a
/// full stderr pipe would block the tool; stdin is always redirected so it never reads the terminal
/// and so that <see cref="StopAsync"/> can ask it to quit with <c>q</c> before killing it. It is started by
/// <see cref="ChildProcesses"/>, so it dies with this process however this process ends.
/// </summary>
public sealed class FfmpegProcess : IAsyncDisposable
{
    /// <summary>How long a tool is given to quit on <c>q</c> before its process tree is killed.</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(800);

    private readonly Process process;
    private readonly StderrTail stderr = new();
    private readonly Task stderrPump;

    private FfmpegProcess(Process process)
    {
        this.process = process;
        stderrPump = PumpStderrAsync();
    }

    public string Tool { get; private init; } = "";

    /// <summary>The tool's stdin: raw frames for an encoder, otherwise only used to send <c>q</c>.</summary>
    public Stream Input => process.StandardInput.BaseStream;

    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>The last lines the tool wrote to stderr, for error messages.</summary>
    public string ErrorTail => stderr.Text;

    public static FfmpegProcess Start(string tool, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        try
        {
            var process = ChildProcesses.Start(startInfo);
            WidenPipe(process.StandardInput.BaseStream);
            WidenPipe(process.StandardOutput.BaseStream);
            return new FfmpegProcess(process) { Tool = tool };
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} could not be started ({e.Message}); install ffmpeg (./start_app.sh does it)", e);
        }
    }

    /// <summary>
    /// Raw frames are megabytes each; through Linux's default 64 KB pipe every frame costs dozens of wake-ups
    /// on both sides. A 1 MB pipe (the unprivileged maximum) cuts that to a few. Best effort: elsewhere, keep the default.
    /// </summary>
    private static void WidenPipe(Stream stream)
    {
        const int setPipeSize = 1031; // F_SETPIPE_SZ
        if (OperatingSystem.IsLinux() && stream is PipeStream pipe)
            _ = Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), setPipeSize, 1 << 20);
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);

    /// <summary>Waits for the tool to end; on cancellation stops it (q, then kill) and throws.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopAsync();
            throw;
        }
        await stderrPump;
        return process.ExitCode;
    }

    /// <summary>Asks the tool to quit as ffmpeg's own console does, then kills the whole tree if it lingers.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
            return;
        try
        {
            await process.StandardInput.WriteAsync("q");
            await process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            // stdin already closed (e.g. an encoder whose input ended): go straight to kill.
        }
        catch (ObjectDisposedException)
        {
        }
        using var grace = new CancellationTokenSource(GracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await process.WaitForExitAsync();
        await stderrPump;
        ChildRegistry.Default.Forget(process.Id);
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private async Task PumpStderrAsync()
    {
        var reader = process.StandardError;
        while (await reader.ReadLineAsync() is { } line)
            stderr.Add(line);
    }

    /// <summary>Keeps the last few stderr lines; ffmpeg's useful error is nearly always at the end.</summary>
    private sealed class StderrTail
    {
        private const int MaxLines = 30;
        private readonly Queue<string> lines = new();

        public string Text
        {
            get
            {
                lock (lines)
                    return string.Join('\n', lines);
            }
        }

        public void Add(string line)
        {
            lock (lines)
            {
                lines.Enqueue(line);
                if (lines.Count > MaxLines)
                    lines.Dequeue();
            }
        }
    }
}
