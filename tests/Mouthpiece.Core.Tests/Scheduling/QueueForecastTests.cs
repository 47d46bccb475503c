using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class QueueForecastTests
{
    [Fact]
    public void Queued_jobs_start_as_slots_free_up_in_queue_order()
    {
        var forecast = QueueForecast.Compute(2, [new RunningWork("running", 10)],
            [new QueuedWork("a", 5), new QueuedWork("b", 5), new QueuedWork("c", 5)]);

        Assert.Equal((1, 0.0, 5.0), Of(forecast["a"]));
        Assert.Equal((2, 5.0, 10.0), Of(forecast["b"]));
        Assert.Equal((3, 10.0, 15.0), Of(forecast["c"]));
    }

    [Fact]
    public void A_render_waiting_for_its_normalization_starts_after_it_and_lets_others_pass()
    {
        var forecast = QueueForecast.Compute(2, [],
            [new QueuedWork("waits", 4, DependsOn: "normalize"), new QueuedWork("normalize", 20, IsRender: false), new QueuedWork("other", 4)]);

        Assert.Equal(20, forecast["waits"].StartsIn);
        Assert.Equal(0, forecast["other"].StartsIn);
        Assert.Equal(1, forecast["other"].Position);
        Assert.Equal(2, forecast["waits"].Position);
        Assert.Null(forecast["normalize"].Position);
    }

    [Fact]
    public void A_running_normalization_holds_its_renders_until_it_ends()
    {
        var forecast = QueueForecast.Compute(2, [new RunningWork("normalize", 30)], [new QueuedWork("waits", 5, DependsOn: "normalize")]);
        Assert.Equal(30, forecast["waits"].StartsIn);
        Assert.Equal(35, forecast["waits"].FinishesIn);
    }

    [Fact]
    public void A_job_waiting_to_be_retried_starts_no_sooner_than_its_retry_time() =>
        Assert.Equal(8, QueueForecast.Compute(1, [], [new QueuedWork("retry", 2, NotBeforeSeconds: 8)])["retry"].StartsIn);

    [Fact]
    public void A_long_job_waits_for_a_much_shorter_one_running_beside_it_while_similar_ones_share_the_slots()
    {
        var waits = QueueForecast.Compute(2, [new RunningWork("short", 3, ExpectedSeconds: 4)], [new QueuedWork("long", 10)]);
        var shares = QueueForecast.Compute(2, [new RunningWork("similar", 3, ExpectedSeconds: 5)], [new QueuedWork("long", 6)]);

        Assert.Equal(3, waits["long"].StartsIn);
        Assert.Equal(0, shares["long"].StartsIn);
    }

    [Fact]
    public void While_a_long_job_waits_its_free_slot_takes_no_work_queued_behind_it_so_it_starts_when_the_shorter_one_ends()
    {
        var forecast = QueueForecast.Compute(2, [new RunningWork("short", 3, ExpectedSeconds: 4)],
            [new QueuedWork("long", 10), new QueuedWork("later", 2), new QueuedWork("last", 2)]);

        Assert.Equal((1, 3.0, 13.0), Of(forecast["long"]));
        Assert.Equal(3, forecast["later"].StartsIn);
        Assert.Equal(5, forecast["last"].StartsIn);
    }

    private static (int?, double, double) Of(Forecast forecast) => (forecast.Position, forecast.StartsIn, forecast.FinishesIn);
}
