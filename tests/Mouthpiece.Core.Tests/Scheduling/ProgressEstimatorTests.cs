using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class ProgressEstimatorTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>About 10 s of 720p: analysis ~0.7 s, rendering ~8 s, finishing ~0.7 s by the model.</summary>
    private static readonly WorkSize TenSeconds720p = new() { Analyze = 10, Render = 330, Finish = 16.6 };

    [Fact]
    public void Before_anything_is_measured_the_time_left_is_the_models()
    {
        var throughput = Throughput.Untrained();
        var estimator = new ProgressEstimator(throughput, TenSeconds720p);
        var estimate = estimator.Update(0);
        Assert.Equal(throughput.Seconds(TenSeconds720p), estimate.Remaining.TotalSeconds, 3);
        Assert.Equal(0, estimate.Percent);
    }

    [Fact]
    public void The_first_frames_swallowed_by_the_encoder_do_not_promise_an_early_end()
    {
        // The encoder takes the first fifth of the frames in half a second, then settles at its real pace (a 10 s stage).
        var estimator = new ProgressEstimator(Throughput.Untrained(), TenSeconds720p);
        estimator.Enter(WorkStage.Render, 1);
        var estimate = estimator.Update(1.5, 0.2);
        Assert.True(estimate.Remaining.TotalSeconds > 5, $"{estimate.Remaining.TotalSeconds:0.0} s left after 0.5 s of a render the model expects to take 8 s");
    }

    [Fact]
    public void A_steady_pace_takes_over_from_a_wrong_model_as_the_stage_goes_on()
    {
        // This machine renders at a third of the model's speed (and finishes at a third of it too).
        var estimator = new ProgressEstimator(Throughput.Untrained(), TenSeconds720p);
        var model = Throughput.Untrained().Seconds(WorkStage.Render, TenSeconds720p.Render);
        var truth = 3 * model;
        estimator.Enter(WorkStage.Render, 0);
        var early = estimator.Update(0.01 * truth, 0.01).Remaining.TotalSeconds;
        Assert.InRange(early, 0.5 * model, 2 * model);
        Estimate? half = null;
        // Reports come every second, as the job's heartbeat makes them.
        for (var at = 1.0; at <= 0.5 * truth; at++)
            half = estimator.Update(at, at / truth);
        var trueRemaining = (truth - Math.Floor(0.5 * truth)) + (3 * Finish());
        Assert.InRange(half!.Remaining.TotalSeconds, 0.85 * trueRemaining, 1.15 * trueRemaining);
    }

    [Fact]
    public void A_stage_past_its_expected_time_still_shows_time_left_and_never_100_percent()
    {
        var estimator = new ProgressEstimator(Throughput.Untrained(), TenSeconds720p);
        estimator.Enter(WorkStage.Finish, 10);
        var expected = Throughput.Untrained().Seconds(WorkStage.Finish, TenSeconds720p.Finish);
        var overdue = estimator.Update(10 + (5 * expected));
        Assert.True(overdue.Remaining > TimeSpan.Zero);
        Assert.True(overdue.Percent < 100);
    }

    [Fact]
    public void The_per_cent_never_goes_back_and_reaches_100_only_when_the_job_is_done()
    {
        var estimator = new ProgressEstimator(Throughput.Untrained(), TenSeconds720p);
        var percents = new List<double> { estimator.Update(0.5).Percent };
        estimator.Enter(WorkStage.Render, 1);
        // A stall: the pace drops, the time left grows, the bar holds.
        foreach (var (at, fraction) in new[] { (2.0, 0.3), (6.0, 0.35), (12.0, 0.4), (14.0, 0.9), (15.0, 1.0) })
            percents.Add(estimator.Update(at, fraction).Percent);
        estimator.Enter(WorkStage.Finish, 15);
        percents.Add(estimator.Update(16).Percent);
        Assert.Equal(percents.Order(), percents);
        Assert.All(percents, percent => Assert.True(percent < 100));
        estimator.Complete(16.5);
        Assert.Equal(100, estimator.Update(16.5).Percent);
    }

    [Fact]
    public void Finished_stages_teach_the_machines_throughput_which_is_kept_in_the_data_directory()
    {
        var path = _scratch.File("throughput.json");
        var throughput = Throughput.Open(path);
        var model = throughput.Seconds(WorkStage.Render, TenSeconds720p.Render);
        var estimator = new ProgressEstimator(throughput, TenSeconds720p);
        estimator.Enter(WorkStage.Analyze, 0);
        estimator.Enter(WorkStage.Render, 1);
        estimator.Enter(WorkStage.Finish, 1 + (2 * model));
        estimator.Complete(2 + (2 * model));

        var reopened = Throughput.Open(path);
        Assert.Equal(Math.Sqrt(2), reopened.Factor(WorkStage.Render), 3);
        Assert.True(reopened.Seconds(WorkStage.Render, TenSeconds720p.Render) > model);
        Assert.Equal(1, reopened.Factor(WorkStage.Normalize));
    }

    private static double Finish() => Throughput.Untrained().Seconds(WorkStage.Finish, TenSeconds720p.Finish);
}
