using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// Gathers a <see cref="MouthAtlas"/> while the video is analysed front to back. Every frame's mouth state is
/// kept (a few floats). Lower faces are kept as runs of consecutive frames: all of them while they fit the budget,
/// otherwise runs spread evenly over the planned frames plus a run wherever the mouth opens wider than any kept
/// one. Over budget, a run is dropped from the most crowded opening, so memory stays bounded however long the
/// video and the kept mouths still span the person's range.
/// </summary>
public sealed class MouthAtlasBuilder
{
    private const float OpeningBin = 0.025f;
    private const float NovelOpening = 0.02f;

    private readonly List<MouthState?> _states = [];
    private readonly List<List<MouthSample>> _runs = [];
    private readonly int _runStride;
    private List<MouthSample>? _open;
    private long _bytes;
    private float _widest;

    /// <param name="plannedFrames">How many frames the analysis will see (spreads the runs over them).</param>
    public MouthAtlasBuilder(int plannedFrames, AtlasBudget? budget = null)
    {
        Budget = budget ?? AtlasBudget.Default;
        var runs = Math.Max(1, Budget.MaxSamples / Budget.RunLength);
        _runStride = plannedFrames <= Budget.MaxSamples ? Budget.RunLength : Math.Max(Budget.RunLength, plannedFrames / runs);
    }

    public AtlasBudget Budget { get; }

    public void Add(VideoFrame frame, FaceLandmarks? face)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var index = _states.Count;
        if (face is null)
        {
            _states.Add(null);
            _open = null;
            return;
        }
        var state = MouthState.Of(frame, face);
        _states.Add(state);
        if (_open is null && (index % _runStride == 0 || state.Aperture > _widest + NovelOpening))
        {
            _open = [];
            _runs.Add(_open);
        }
        if (_open is null)
            return;
        if (MouthSample.Capture(frame, face, state) is not { } sample)
        {
            _open = null;
            return;
        }
        _open.Add(sample);
        _bytes += sample.Compressed.Length;
        _widest = Math.Max(_widest, state.Aperture);
        if (_open.Count >= Budget.RunLength)
            _open = null;
        KeepWithinBudget();
    }

    public MouthAtlas Complete() => new(_states, [.. _runs.SelectMany(run => run)]);

    private void KeepWithinBudget()
    {
        while ((_runs.Sum(run => run.Count) > Budget.MaxSamples || _bytes > Budget.MaxBytes) && _runs.Count > 1)
        {
            var victim = MostCrowdedRun();
            _bytes -= victim.Sum(sample => (long)sample.Compressed.Length);
            _runs.Remove(victim);
            if (ReferenceEquals(victim, _open))
                _open = null;
        }
    }

    // The run whose widest opening shares its bin with the most other runs; the earliest of those (later ones are fresher).
    private List<MouthSample> MostCrowdedRun()
    {
        var bins = _runs.Select(run => (int)(run.Count == 0 ? 0 : run.Max(sample => sample.State.Aperture) / OpeningBin)).ToArray();
        var crowd = bins.Select(bin => bins.Count(other => other == bin)).ToArray();
        var most = crowd.Max();
        return _runs[Array.IndexOf(crowd, most)];
    }
}

/// <summary>How much of the video's lower faces the atlas may keep.</summary>
public sealed record AtlasBudget
{
    public static readonly AtlasBudget Default = new();

    /// <summary>Frames kept in all.</summary>
    public int MaxSamples { get; init; } = 240;

    /// <summary>Compressed bytes kept in all (a 1080p face's lower face is about 120 KB compressed).</summary>
    public long MaxBytes { get; init; } = 48L << 20;

    /// <summary>Consecutive frames per run.</summary>
    public int RunLength { get; init; } = 12;
}
