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
        var killed = new FfmpegException("ffmpeg", 137, "");

        Assert.Equal(Now.AddSeconds(2), Policy.NextAttempt(killed, 1, Now));
        Assert.Equal(Now.AddSeconds(4), Policy.NextAttempt(killed, 2, Now));
        Assert.Equal(Now.AddSeconds(8), Policy.NextAttempt(killed, 3, Now));
        Assert.Null(Policy.NextAttempt(killed, 4, Now));
    }

    [Theory]
    [InlineData(1, "Error marking filters as finished", false)]
    [InlineData(0, "", false)]
    [InlineData(137, "", true)]
    [InlineData(255, "Exiting normally, received signal 15.", true)]
    [InlineData(1, "av_interleaved_write_frame(): No space left on device", true)]
    [InlineData(1, "Cannot allocate memory", true)]
    public void A_tool_that_ran_to_its_end_and_refused_fails_at_once_unless_the_machine_stopped_it(int exitCode, string errors, bool retried)
    {
        var failure = new FfmpegException("ffmpeg", exitCode, errors);

        Assert.Equal(retried, failure.MayPassOnRetry);
        Assert.Equal(retried, Policy.NextAttempt(failure, 1, Now) is not null);
    }

    [Fact]
    public void An_output_that_does_not_verify_may_pass_on_retry()
    {
        Assert.NotNull(Policy.NextAttempt(new FfmpegException("the output x.mp4 does not decode cleanly"), 1, Now));
    }

    [Fact]
    public void The_failure_the_previous_attempt_ended_with_is_not_retried_again()
    {
        var failure = new IOException("database is locked");

        Assert.NotNull(Policy.NextAttempt(failure, 1, Now, previousError: Codes.Errors.Unexpected("a different failure")));
        Assert.Null(Policy.NextAttempt(failure, 2, Now, previousError: Codes.Errors.Unexpected("database is locked")));
    }

    [Fact]
    public void The_tools_last_word_names_the_decoder_not_its_address()
    {
        var failure = new FfmpegException("ffmpeg", 1, "frame=  10\n[h264 @ 0x55db3f5fbc00] co located POCs unavailable\n");

        Assert.Equal("ffmpeg failed (exit code 1): h264: co located POCs unavailable", failure.Message);
    }
}
