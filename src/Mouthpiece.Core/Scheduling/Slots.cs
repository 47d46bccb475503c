namespace Mouthpiece.Scheduling;

/// <summary>How many jobs run at once, which of them may be normalizations, and which may start beside which.</summary>
public static class Slots
{
    /// <summary>A job expected to take this many times as long as a job running beside it, or more, waits for that job to end.</summary>
    public const double LongerJobWaits = 1.5;

    /// <summary>
    /// One render slot per two cores, and never fewer than two. Each render's encoder already runs a thread per
    /// core and more, so one slot per core would only trade each job's speed for the number of jobs started;
    /// the second slot keeps the CPU busy while the other job is in its single-threaded stages (probing,
    /// speech analysis, verifying). Measured on 2 cores in <c>bench/results/latest</c>.
    /// </summary>
    public static int ForCores(int cores) => Math.Max(2, cores / 2);

    /// <summary>
    /// A normalization never takes the last free slot, which stays for renders: it may start only while at least
    /// two slots are free. With a single slot there is no other way to normalize than to use it while nothing runs.
    /// </summary>
    public static bool MayStartNormalization(int slots, int busy) =>
        slots == 1 ? busy == 0 : slots - busy >= 2;

    /// <summary>
    /// Whether a job expected to take <paramref name="expectedSeconds"/> may start beside the jobs running on this machine
    /// (each one's expected seconds from its start to its end): not while one of them is expected to take less than
    /// 1/<see cref="LongerJobWaits"/> of its time. A render already runs its encoder on every core, so two renders side by
    /// side each get about half the machine, and together finish only about a tenth sooner than one after the other
    /// (bench section 3: 45.1 s against 50.4 s). Started beside a much shorter job, the long one would take half the
    /// machine from it and delay it by up to its whole remaining time, while gaining itself only that tenth; waiting costs
    /// the long one at most the short one's length, less than two thirds of its own. Jobs of similar size still share the
    /// slots, which fill each other's single-threaded stages. The slot stays free while it waits (it takes no job behind
    /// this one), so the wait ends when the shorter jobs running now end, and no job waits for ever. A job of unknown size
    /// (0 s: stored before sizes were kept) neither waits nor holds up others.
    /// </summary>
    public static bool MayStartBeside(double expectedSeconds, IEnumerable<double> runningExpectedSeconds) =>
        runningExpectedSeconds.All(running => !(running > 0) || expectedSeconds < LongerJobWaits * running);
}
