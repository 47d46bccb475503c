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

    private static (int?, double, double) Of(Forecast forecast) => (forecast.Position, forecast.StartsIn, forecast.FinishesIn);
}
