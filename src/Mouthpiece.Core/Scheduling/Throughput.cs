using System.Text.Json;

namespace Mouthpiece.Scheduling;

/// <summary>
/// How long each stage takes on this machine: a model of each stage's seconds from its size (fitted to the
/// benchmark suite's numbers on 2 cores) times a factor per stage learned from the stages this machine has run,
/// kept in the data directory so estimates are right from the first job after a restart.
/// </summary>
public sealed class Throughput
{
    // 3: the finish stage no longer decodes the output to verify it; factors learned against the old sizes would mislead.
    private const string FileVersion = "3";

    /// <summary>Seconds of a stage before its size counts, and seconds per unit of size (see <see cref="WorkSize"/>), on the suite's 2-core machine.</summary>
    private static readonly Dictionary<WorkStage, (double Fixed, double PerUnit)> Model = new()
    {
        [WorkStage.Normalize] = (0.3, 0.025),
        [WorkStage.Analyze] = (0.6, 0.01),
        [WorkStage.Render] = (0, 0.024),
        [WorkStage.Finish] = (0.2, 0.03),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string? _path;
    private readonly Lock _gate = new();
    private Dictionary<WorkStage, Learned> _learned = [];

    private Throughput(string? path) => _path = path;

    /// <summary>What one stage has taught: its factor against the model, and from how many runs.</summary>
    public sealed record Learned(double Factor, int Runs);

    private sealed record Stored(string Version, Dictionary<WorkStage, Learned> Stages);

    /// <summary>The model alone, for a machine that has run nothing yet; nothing is saved.</summary>
    public static Throughput Untrained() => new(null);

    /// <summary>The statistics in <paramref name="path"/> (the model alone while the file is missing or unreadable); <see cref="Record"/> saves there.</summary>
    public static Throughput Open(string path)
    {
        var throughput = new Throughput(path);
        throughput._learned = Read(path);
        return throughput;
    }

    /// <summary>Expected seconds of one stage of the given size.</summary>
    public double Seconds(WorkStage stage, double units)
    {
        var (fixedSeconds, perUnit) = Model[stage];
        return Factor(stage) * (fixedSeconds + perUnit * units);
    }

    /// <summary>
    /// Expected seconds of a whole job; 0 for a job stored before sizes were kept, which then neither waits for nor holds
    /// up others (<see cref="Slots.MayStartBeside"/>).
    /// </summary>
    public double Seconds(WorkSize? work) => work?.Stages.Sum(stage => Seconds(stage, work[stage])) ?? 0;

    public double Factor(WorkStage stage)
    {
        lock (_gate)
            return _learned.TryGetValue(stage, out var learned) ? learned.Factor : 1;
    }

    /// <summary>
    /// Learns from one finished stage: its factor moves towards measured ÷ model, fast while there are few
    /// runs (half way at the first), then by a fifth each time, so the estimate follows a machine whose
    /// load changes without jumping at one odd run. The file is re-read first, so other processes' runs count too.
    /// </summary>
    public void Record(WorkStage stage, double units, double seconds)
    {
        var (fixedSeconds, perUnit) = Model[stage];
        var modelled = fixedSeconds + perUnit * units;
        if (!(seconds > 0) || !(modelled > 0))
            return;
        var ratio = Math.Clamp(seconds / modelled, 0.05, 20);
        lock (_gate)
        {
            if (_path is not null)
                _learned = Read(_path);
            var previous = _learned.GetValueOrDefault(stage) ?? new Learned(1, 0);
            var weight = Math.Max(0.2, 1.0 / (previous.Runs + 2));
            var factor = Math.Exp((1 - weight) * Math.Log(previous.Factor) + weight * Math.Log(ratio));
            _learned[stage] = new Learned(factor, previous.Runs + 1);
            if (_path is not null)
                Write(_path, _learned);
        }
    }

    private static Dictionary<WorkStage, Learned> Read(string path)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
            return stored is { Version: FileVersion, Stages: { } stages }
                ? stages.Where(entry => entry.Value.Factor is > 0 and < 1000).ToDictionary()
                : [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Written beside and renamed, so a reader in another process never sees half a file.</summary>
    private static void Write(string path, Dictionary<WorkStage, Learned> learned)
    {
        var partial = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.partial";
        try
        {
            File.WriteAllText(partial, JsonSerializer.Serialize(new Stored(FileVersion, learned), Json));
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Statistics are a help, never a reason for a job to fail.
            File.Delete(partial);
        }
    }
}
