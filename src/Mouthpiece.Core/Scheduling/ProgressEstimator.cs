using Mouthpiece.Pipeline;

namespace Mouthpiece.Scheduling;

/// <summary>Where a running job is: the share of its time already spent (0..100) and the time it still needs.</summary>
public sealed record Estimate(double Percent, TimeSpan Remaining);

/// <summary>
/// The one estimator of progress and time left, for every stage of every job (the web page, the API, the CLI and
/// the HeyGem query all show its numbers). Each stage starts from what <see cref="Throughput"/> expects for its
/// size. Once the stage has run a little, its own measured pace takes over, in proportion to how much of the stage
/// it has seen: the pace is measured from a point two seconds into the stage, because the encoder swallows its
/// first frames faster than it can encode them (a render's first fifth can pass in half a second), which would
/// otherwise promise "0:02 left"; and one slow start never promises "145 s". How much faster or slower this job
/// runs than expected carries over to the stages after it. A finished stage's time teaches <see cref="Throughput"/>.
/// </summary>
/// <remarks>Times are passed in (seconds since the job started), so the estimator is a pure calculation apart from the learning.</remarks>
public sealed class ProgressEstimator(Throughput throughput, WorkSize work)
{
    /// <summary>The stage's pace is measured from this far into it: the encoder's first burst is over by then.</summary>
    private const double SettleSeconds = 2;

    /// <summary>Once the measured pace has seen this share of the stage, it counts for half.</summary>
    private const double HalfTrustFraction = 0.05;

    /// <summary>A stage without a fraction that runs past its expected time is taken to be this far along.</summary>
    private const double OverdueFraction = 0.9;

    private readonly IReadOnlyList<WorkStage> _stages = work.Stages;
    private int _current = -1;
    private double _stageStart;
    private (double Elapsed, double Fraction)? _settled;
    private double _percent;

    /// <summary>The estimator's stage for a stage the render pipeline reports.</summary>
    public static WorkStage StageOf(RenderStage stage) => stage switch
    {
        RenderStage.SynthesizingSpeech or RenderStage.Probing or RenderStage.AnalyzingAudio or RenderStage.AnalyzingVideo => WorkStage.Analyze,
        RenderStage.Rendering => WorkStage.Render,
        _ => WorkStage.Finish,
    };

    /// <summary>Expected seconds of the whole job before it starts.</summary>
    public double ExpectedSeconds => throughput.Seconds(work);

    /// <summary>Moves to <paramref name="stage"/> at <paramref name="now"/>; the stages passed on the way are learned from.</summary>
    public void Enter(WorkStage stage, double now)
    {
        var next = _stages.ToList().IndexOf(stage);
        if (next <= _current)
            return;
        FinishCurrent(now);
        _current = next;
        _stageStart = now;
        _settled = null;
    }

    /// <summary>The job ended well at <paramref name="now"/>: its last stage is learned from.</summary>
    public void Complete(double now)
    {
        FinishCurrent(now);
        _current = _stages.Count;
    }

    /// <summary>Progress and time left at <paramref name="now"/>, given the share of the current stage done, when the stage knows it.</summary>
    public Estimate Update(double now, double? stageFraction = null)
    {
        if (_current < 0)
            Enter(_stages[0], now);
        if (_current >= _stages.Count)
            return new Estimate(100, TimeSpan.Zero);
        var stage = _stages[_current];
        var expected = throughput.Seconds(stage, work[stage]);
        var elapsed = Math.Max(0, now - _stageStart);
        var left = StageRemaining(expected, elapsed, stageFraction is { } f ? Math.Clamp(f, 0, 1) : null);
        var pace = Math.Clamp((elapsed + left) / Math.Max(expected, 1e-3), 0.5, 3);
        var later = _stages.Skip(_current + 1).Sum(next => throughput.Seconds(next, work[next]));
        var remaining = left + (pace * later);
        // The bar shows the share of the job's time spent; it never goes back, and only a finished job is at 100 %.
        var percent = now + remaining > 0 ? 100 * now / (now + remaining) : 0;
        _percent = Math.Max(_percent, Math.Min(percent, 99));
        return new Estimate(Math.Round(_percent, 1), TimeSpan.FromSeconds(remaining));
    }

    /// <summary>The current stage's time left: the model's for the part not done, blended with the pace measured since the stage settled.</summary>
    private double StageRemaining(double expected, double elapsed, double? fraction)
    {
        if (fraction is not { } f)
            return elapsed < OverdueFraction * expected ? expected - elapsed : elapsed * (1 / OverdueFraction - 1);
        // Frames taken in a burst say nothing about the time the rest needs: the model's time never drops faster than the clock.
        var modelled = Math.Max(expected - elapsed, expected * (1 - f));
        if (_settled is null && elapsed >= SettleSeconds)
            _settled = (elapsed, f);
        if (_settled is not { } start || f - start.Fraction < 1e-3)
            return modelled;
        var seen = f - start.Fraction;
        var measured = (1 - f) * (elapsed - start.Elapsed) / seen;
        var trust = seen / (seen + HalfTrustFraction);
        return ((1 - trust) * modelled) + (trust * measured);
    }

    private void FinishCurrent(double now)
    {
        if (_current < 0 || _current >= _stages.Count)
            return;
        var stage = _stages[_current];
        throughput.Record(stage, work[stage], now - _stageStart);
    }
}
