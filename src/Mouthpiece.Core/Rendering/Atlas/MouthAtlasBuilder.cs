using System.Numerics;
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

    /// <param name="frame">The analysed source frame.</param>
    /// <param name="smoothed">Its face as the render will see it (smoothed over time), or null.</param>
    /// <param name="measured">
    /// The same face's points as found in this frame alone. Smoothing lags a mouth that moves fast (a mouth that has
    /// just shut would be labelled half open), so lips and jaw are taken from these: the sample is labelled with the
    /// opening its pixels show. The parts that stay still while speaking keep the smoothed points, which align
    /// samples without jitter.
    /// </param>
    public void Add(VideoFrame frame, FaceLandmarks? smoothed, FaceLandmarks? measured)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var index = _states.Count;
        if (smoothed is null)
        {
            _states.Add(null);
            _open = null;
            return;
        }
        var face = measured is null ? smoothed : WithMouthOf(smoothed, measured);
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

    /// <summary>The points that move with the mouth: the jaw below the cheeks, and the lips.</summary>
    public static bool MovesWithMouth(int point) => point is >= 3 and <= 13 or >= 48;

    /// <summary><paramref name="face"/> with its jaw and lips where <paramref name="mouth"/> has them.</summary>
    public static FaceLandmarks WithMouthOf(FaceLandmarks face, FaceLandmarks mouth)
    {
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(mouth);
        var points = (Vector2[])face.Points.Clone();
        for (var i = 0; i < points.Length; i++)
        {
            if (MovesWithMouth(i))
                points[i] = mouth[i];
        }
        return new FaceLandmarks(points);
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

    /// <summary>
    /// Packed bytes kept in all: the lower face of a face filling a third of a 1080p frame's width packs to about 135 KB,
    /// so a face half as wide again still keeps every sample.
    /// </summary>
    public long MaxBytes { get; init; } = 72L << 20;

    /// <summary>Consecutive frames per run.</summary>
    public int RunLength { get; init; } = 12;
}
