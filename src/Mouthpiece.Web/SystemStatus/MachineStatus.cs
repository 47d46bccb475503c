using System.Globalization;

namespace Mouthpiece.Web.SystemStatus;

/// <summary>CPU, memory and disk of this machine, read from /proc and the file system (Linux).</summary>
public static class MachineStatus
{
    public sealed record Cpu(int Cores, double Load1, double LoadPercent);

    public sealed record Memory(long TotalBytes, long AvailableBytes);

    public sealed record Disk(string Path, long FreeBytes, long TotalBytes);

    public static Cpu ReadCpu()
    {
        var cores = Environment.ProcessorCount;
        var load = ReadLoadAverage();
        return new Cpu(cores, load, Math.Round(Math.Min(100, load / cores * 100), 1));
    }

    public static Memory ReadMemory()
    {
        var values = ParseMeminfo(ReadOrEmpty("/proc/meminfo"));
        var total = values.GetValueOrDefault("MemTotal", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        return new Memory(total, values.GetValueOrDefault("MemAvailable", 0));
    }

    public static Disk ReadDisk(string path)
    {
        var drive = new DriveInfo(Path.GetFullPath(path));
        return new Disk(drive.RootDirectory.FullName, drive.AvailableFreeSpace, drive.TotalSize);
    }

    /// <summary>Values of /proc/meminfo in bytes (the file gives kB).</summary>
    internal static Dictionary<string, long> ParseMeminfo(string text)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split([':', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes))
                values[parts[0]] = kilobytes * 1024;
        }
        return values;
    }

    private static double ReadLoadAverage()
    {
        var first = ReadOrEmpty("/proc/loadavg").Split(' ')[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
