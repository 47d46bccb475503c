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

    private readonly Process _process;
    private readonly StderrTail _stderr = new();
    private readonly Task _stderrPump;

    private FfmpegProcess(Process process)
    {
        _process = process;
        _stderrPump = PumpStderrAsync();
    }

    public string Tool { get; private init; } = "";

    /// <summary>The tool's stdin: raw frames for an encoder, otherwise only used to send <c>q</c>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last lines the tool wrote to stderr, for error messages.</summary>
    public string ErrorTail => _stderr.Text;

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
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopAsync();
            throw;
        }
        await _stderrPump;
        return _process.ExitCode;
    }

    /// <summary>Asks the tool to quit as ffmpeg's own console does, then kills the whole tree if it lingers.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        try
        {
            await _process.StandardInput.WriteAsync("q");
            await _process.StandardInput.FlushAsync();
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
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        await _stderrPump;
        ChildRegistry.Default.Forget(_process.Id);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private async Task PumpStderrAsync()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync() is { } line)
            _stderr.Add(line);
    }

    /// <summary>Keeps the last few stderr lines; ffmpeg's useful error is nearly always at the end.</summary>
    private sealed class StderrTail
    {
        private const int MaxLines = 30;
        private readonly Queue<string> _lines = new();

        public string Text
        {
            get
            {
                lock (_lines)
                    return string.Join('\n', _lines);
            }
        }

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLines)
                    _lines.Dequeue();
            }
        }
    }
}
