using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Jobs;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(MaxAttempts: 4, FirstDelay: TimeSpan.FromSeconds(2));
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bad_input_fails_at_once()
    {
        Assert.Null(Policy.NextAttempt(new MediaInputException("a.mp4", Codes.Inputs.TextFile()), attemptsSoFar: 1, Now));
    }

    [Fact]
    public void Transient_faults_are_retried_three_times_with_doubling_waits()
    {
        var fault = new FfmpegException("ffmpeg exited with 137");

        Assert.Equal(Now.AddSeconds(2), Policy.NextAttempt(fault, 1, Now));
        Assert.Equal(Now.AddSeconds(4), Policy.NextAttempt(fault, 2, Now));
        Assert.Equal(Now.AddSeconds(8), Policy.NextAttempt(fault, 3, Now));
        Assert.Null(Policy.NextAttempt(fault, 4, Now));
    }
}
