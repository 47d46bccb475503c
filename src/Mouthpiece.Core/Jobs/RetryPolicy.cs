using Mouthpiece.Devices;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>
/// What to do with a job that threw. A failure that will recur fails the job at once, so the person sees its
/// reason now instead of after every retry: bad input, a tool that ran to its end and refused its work, or the
/// very failure the previous attempt ended with. Anything else may pass on retry (a killed ffmpeg, a full or
/// busy disk, an output that did not verify) and is retried with growing waits.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay)
{
    /// <summary>When to try again, or null to fail for good.</summary>
    /// <param name="previousError">The error the previous attempt ended with, if it failed.</param>
    public DateTimeOffset? NextAttempt(Exception failure, int attemptsSoFar, DateTimeOffset now, Message? previousError = null)
    {
        if (WillRecur(failure, previousError) || attemptsSoFar >= MaxAttempts)
            return null;
        return now + FirstDelay * Math.Pow(2, Math.Max(0, attemptsSoFar - 1));
    }

    /// <remarks>A GPU that failed its check fails it again: such a job needs another device, not another try.</remarks>
    public static bool WillRecur(Exception failure, Message? previousError = null) =>
        failure is MediaInputException or GpuUnavailableException or FfmpegException { MayPassOnRetry: false }
        || ProblemOf(failure) == previousError;

    /// <summary>The failure as a person reads it: its own code, or the words of whatever threw it.</summary>
    public static Message ProblemOf(Exception failure) =>
        failure is ProblemException coded ? coded.Problem : Codes.Errors.Unexpected(failure.Message);
}
