namespace Mouthpiece.Scheduling;

/// <summary>How many jobs run at once, and which of them may be normalizations.</summary>
public static class Slots
{
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
}
