using Mouthpiece.Devices;
using Mouthpiece.Media;

namespace Mouthpiece.Jobs;

/// <summary>
/// What to do with a job that threw: bad input fails at once (running it again gives the same answer);
/// anything else may be transient (a busy disk, a killed ffmpeg) and is retried with growing waits.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay)
{
    /// <summary>When to try again, or null to fail for good.</summary>
    public DateTimeOffset? NextAttempt(Exception failure, int attemptsSoFar, DateTimeOffset now)
    {
        // A GPU that failed its check will fail it again: the job must be retried with another --device.
        if (failure is MediaInputException or GpuUnavailableException || attemptsSoFar >= MaxAttempts)
            return null;
        return now + FirstDelay * Math.Pow(2, Math.Max(0, attemptsSoFar - 1));
    }
}
