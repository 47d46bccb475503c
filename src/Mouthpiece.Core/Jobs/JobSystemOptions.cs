using Mouthpiece.Devices;
using Mouthpiece.Scheduling;
using Mouthpiece.Speech;

namespace Mouthpiece.Jobs;

/// <summary>How the embedded job system runs; the defaults suit one machine.</summary>
public sealed record JobSystemOptions
{
    /// <summary>Jobs run at once in this process (<see cref="Slots.ForCores"/>).</summary>
    public int Concurrency { get; init; } = Slots.ForCores(Environment.ProcessorCount);

    /// <summary>How long a worker's claim on a job lasts without a heartbeat; a crashed worker's job is taken again after this.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a worker renews its lease and saves progress; also how soon it notices a cancel from another process.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often idle workers look for jobs submitted by other processes (embedded; a cluster's broker wakes them).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the embedded event feed looks for jobs changed by other processes.</summary>
    public TimeSpan EventPoll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a worker process tells the store it is alive, what it runs, and how many slots it has.</summary>
    public TimeSpan WorkerAnnounce { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Transient faults are retried this many times, waiting <see cref="RetryDelay"/>, then twice that, and so on.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Below this much free space in the data directory new jobs are refused and running ones stop.</summary>
    public long MinFreeDiskBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Where this process's workers render a job that does not choose: <c>--device</c>, <c>MOUTHPIECE_DEVICE</c>, else auto.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;
    /// <summary>The external TTS service for scripts read by the <c>service</c> voice; null when none is configured.</summary>
    public TtsServiceOptions? TtsService { get; init; }

    /// <summary>Attempts a job may have in all: the first one and the retries.</summary>
    public int MaxAttempts => MaxRetries + 1;
}
