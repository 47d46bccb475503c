using Mouthpiece.Media;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class WorkSizeTests
{
    private static readonly MediaInfo Video1080p = new("/v.mp4", "mp4", TimeSpan.FromMinutes(2), 6_000_000, 2,
        new VideoStreamInfo("h264", 1152, 1080, 30, 6_000_000, "yuv420p", 0, 3600), null);

    /// <summary>The finish decodes the whole output to verify it: a 60 s render's finish was estimated at 1.3 s and took about 10.</summary>
    [Fact]
    public void A_renders_finish_grows_with_its_length_as_the_whole_output_is_decoded_to_verify_it()
    {
        var short10 = WorkSize.ForRender(10, Video1080p, InputPolicy.Default);
        var long60 = WorkSize.ForRender(60, Video1080p, InputPolicy.Default);
        var model = Throughput.Untrained();

        Assert.InRange(long60.Finish / short10.Finish, 3, 6);
        Assert.InRange(model.Seconds(WorkStage.Finish, long60.Finish), 6, 12);
    }
}
