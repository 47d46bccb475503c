using System.Diagnostics;
using System.Globalization;

namespace Mouthpiece.Bench;

/// <summary>What a run of a process cost in memory: the peak of its whole tree, and of the process alone.</summary>
internal sealed record PeakMemoryResult(long TreePeakBytes, long ProcessPeakBytes, TimeSpan Elapsed, int ExitCode);

/// <summary>
/// Peak resident memory of a process and all its children (the CLI plus its ffmpeg processes),
/// sampled from /proc while it runs. The process's own peak is kept too, to tell its growth from the children's.
/// </summary>
internal static class PeakMemory
{
    public static async Task<PeakMemoryResult> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        long treePeak = 0, processPeak = 0;
        while (!process.HasExited)
        {
            treePeak = Math.Max(treePeak, TreeResidentBytes(process.Id));
            processPeak = Math.Max(processPeak, ResidentBytes(process.Id));
            await Task.Delay(50);
        }
        await Task.WhenAll(drainOut, drainErr);
        if (process.ExitCode != 0)
            Console.Error.WriteLine(await drainErr);
        return new PeakMemoryResult(treePeak, processPeak, clock.Elapsed, process.ExitCode);
    }

    private static long TreeResidentBytes(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            var parent = ParentOf(pid);
            if (parent > 0)
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
        }
        long total = 0;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            total += ResidentBytes(pid);
            foreach (var child in children.GetValueOrDefault(pid, []))
                pending.Push(child);
        }
        return total;
    }

    private static int ParentOf(int pid) => StatusField(pid, "PPid:") is { } value ? (int)value : -1;

    private static long ResidentBytes(int pid) => (StatusField(pid, "VmRSS:") ?? 0) * 1024;

    private static long? StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
