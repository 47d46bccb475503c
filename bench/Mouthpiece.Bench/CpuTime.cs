using System.Globalization;

namespace Mouthpiece.Bench;

/// <summary>
/// CPU seconds spent by this process and its finished child processes (the ffmpeg decoders and encoders), from
/// /proc/self/stat. On a shared machine wall time grows with other people's load; CPU time much less, so the suite
/// reports both.
/// </summary>
internal static class CpuTime
{
    // USER_HZ, which Linux fixes at 100 on every architecture it reports to user space.
    private const int ClockTicksPerSecond = 100;

    /// <summary>The CPU seconds <paramref name="action"/> cost, its child processes included once they have exited.</summary>
    public static async Task<double> OfAsync(Func<Task> action)
    {
        var start = Now();
        await action();
        return Now() - start;
    }

    /// <summary>utime + stime + cutime + cstime of this process in seconds; 0 where /proc is absent.</summary>
    private static double Now()
    {
        if (!File.Exists("/proc/self/stat"))
            return 0;
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
        return ticks / (double)ClockTicksPerSecond;
    }
}
