using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

public class PingPongTests
{
    [Fact]
    public void Plays_forward_then_backward_without_repeating_the_turning_frames()
    {
        var order = Enumerable.Range(0, 12).Select(i => PingPong.SourceIndex(i, 4));

        Assert.Equal([0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1], order);
    }

    [Fact]
    public void Consecutive_output_frames_are_always_neighbours_in_the_source()
    {
        for (long i = 1; i < 1000; i++)
            Assert.Equal(1, Math.Abs(PingPong.SourceIndex(i, 37) - PingPong.SourceIndex(i - 1, 37)));
    }

    [Fact]
    public void A_single_frame_video_is_a_still()
    {
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(0, PingPong.SourceIndex(i, 1)));
    }
}
