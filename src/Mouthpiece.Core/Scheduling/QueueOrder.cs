namespace Mouthpiece.Scheduling;

/// <summary>
/// The order in which queued jobs are taken: short expected work first, without starving long work. Each job's
/// key is the time it was submitted plus its expected seconds, and the smallest key goes first (both job stores
/// order by this key and nothing else). A short job submitted after a long one overtakes it, but only while the
/// long one has waited less than its own expected length: a job is never overtaken by work submitted more than
/// its own length after it, so every batch keeps moving however much short work keeps arriving.
/// </summary>
public static class QueueOrder
{
    /// <summary>The queue key, in Unix milliseconds like the submission time it starts from.</summary>
    public static long Key(DateTimeOffset submittedAt, double expectedSeconds) =>
        submittedAt.ToUnixTimeMilliseconds() + (long)Math.Round(Math.Clamp(expectedSeconds, 0, TimeSpan.FromDays(1).TotalSeconds) * 1000);
}
