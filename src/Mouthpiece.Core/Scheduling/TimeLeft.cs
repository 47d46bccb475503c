using System.Globalization;

namespace Mouthpiece.Scheduling;

/// <summary>Time left as people read it on a clock: "0:07", "4:32", "1:02:05".</summary>
public static class TimeLeft
{
    public static string Format(TimeSpan time)
    {
        var seconds = (long)Math.Max(0, Math.Ceiling(time.TotalSeconds));
        var (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{rest:00}");
    }
}
