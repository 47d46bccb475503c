using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Short_work_submitted_with_long_work_goes_first()
    {
        var longer = QueueOrder.Key(T0, expectedSeconds: 40);
        var shorter = QueueOrder.Key(T0.AddSeconds(1), expectedSeconds: 4);
        Assert.True(shorter < longer);
    }

    [Fact]
    public void Work_submitted_more_than_a_jobs_own_length_after_it_never_overtakes_it()
    {
        var longer = QueueOrder.Key(T0, expectedSeconds: 40);
        Assert.True(QueueOrder.Key(T0.AddSeconds(37), expectedSeconds: 2) < longer);
        Assert.True(QueueOrder.Key(T0.AddSeconds(40), expectedSeconds: 0.5) > longer);
    }

    /// <summary>
    /// One slot, a 60 s job, and a 3 s job arriving every 2 s for ever (more work than the slot can do): the long
    /// job starts once the short jobs that arrived within its own length are done, and no later one passes it.
    /// </summary>
    [Fact]
    public void A_long_job_is_not_starved_by_a_stream_of_short_jobs()
    {
        var queue = new List<(double Arrival, long Key, double Seconds)> { (0, QueueOrder.Key(T0, 60), 60) };
        var ranBefore = new List<double>();
        double clock = 0, nextArrival = 0;
        while (true)
        {
            for (; nextArrival <= clock; nextArrival += 2)
                queue.Add((nextArrival, QueueOrder.Key(T0.AddSeconds(nextArrival), 3), 3));
            var next = queue.MinBy(job => job.Key);
            queue.Remove(next);
            if (next.Seconds == 60)
                break;
            ranBefore.Add(next.Arrival);
            clock += next.Seconds;
        }
        Assert.All(ranBefore, arrival => Assert.True(arrival < 60 - 3, $"a short job submitted at {arrival} s passed the long one"));
        Assert.Equal(29 * 3, clock);
        Assert.True(queue.Count > 10, "the short jobs kept arriving faster than they ran");
    }
}
