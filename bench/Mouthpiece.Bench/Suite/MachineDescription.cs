using System.Globalization;
using System.Runtime.InteropServices;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>The report's header: when, on what machine, with which ffmpeg, encoder settings and commit, so numbers can be compared later.</summary>
internal static class MachineDescription
{
    private static readonly int[] MeasuredHeights = [480, 720, 1080];

    public static void Write(SuiteReport report, SuitePlan plan)
    {
        report.Line($"# Mouthpiece benchmark suite{(plan.IsQuick ? " (--quick)" : "")}");
        report.Line();
        report.TableHeader("", "");
        report.TableRow("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        report.TableRow("machine", Invariant($"{Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGiB():0.#} GiB RAM"));
        report.TableRow("load average at start (1, 5, 15 min)", LoadAverage());
        report.TableRow("software", $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, {FfmpegVersion()}");
        report.TableRow("encoding", OutputEncoding());
        report.TableRow("git commit", GitCommit());
    }

    /// <summary>The render's x264 settings, which the plain transcode copies (the preset, the bit rate at each size measured), and normalize's.</summary>
    private static string OutputEncoding()
    {
        var request = new RenderRequest("speech.wav", "video.mp4", "out.mp4");
        var rates = MeasuredHeights.Select(height =>
        {
            var encoding = request.OutputEncoding(BenchMedia.WidthFor(height), height, 30);
            return Invariant($"{encoding.BitRate / 1e6:0.##} Mbps at {height}p");
        });
        return Invariant($"libx264 preset {request.Output.Encoding.X264Preset}; render output {string.Join(", ", rates)} (the house rate scaled to the pixels, 1.5 Mbps floor); normalize {new NormalizeOptions().Encoding.BitRate / 1e6:0} Mbps; AAC 128 kb/s");
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? "unknown CPU";

    private static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(line => line.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kibibytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kibibytes / 1024.0 / 1024.0;
    }

    /// <summary>The machine is shared: a high load at the start explains slow absolute numbers (ratios suffer less).</summary>
    private static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string FfmpegVersion()
    {
        var words = BenchMedia.Run("ffmpeg", "-hide_banner", "-version").Split(' ', 4);
        return words.Length >= 3 ? $"ffmpeg {words[2]}" : "ffmpeg (version unknown)";
    }

    private static string GitCommit()
    {
        try
        {
            var commit = BenchMedia.Run("git", "rev-parse", "--short=12", "HEAD").Trim();
            var subject = BenchMedia.Run("git", "log", "-1", "--format=%s").Trim();
            var changed = BenchMedia.Run("git", "status", "--porcelain", "--untracked-files=no").Length > 0;
            return $"{commit}{(changed ? " with uncommitted changes" : "")} ({subject.Replace('|', '/')})";
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown (not a git checkout)";
        }
    }
}
