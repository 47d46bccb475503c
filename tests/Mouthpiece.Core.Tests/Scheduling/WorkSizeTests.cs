using Mouthpiece.Media;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class WorkSizeTests
{
    private static readonly MediaInfo Video1080p = new("/v.mp4", "mp4", TimeSpan.FromMinutes(2), 6_000_000, 2,
        new VideoStreamInfo("h264", 1152, 1080, 30, 6_000_000, "yuv420p", 0, 3600), null);

    /// <summary>
    /// The finish drains the encoder's last second of frames and reads the output's packets to verify it, whatever
    /// the length: it no longer decodes the whole output (a 60 s 1080p render's finish took about 10 s when it did).
    /// </summary>
    [Fact]
    public void A_renders_finish_does_not_grow_with_its_length()
    {
        var short10 = WorkSize.ForRender(10, Video1080p, InputPolicy.Default);
        var long60 = WorkSize.ForRender(60, Video1080p, InputPolicy.Default);
        var model = Throughput.Untrained();

        Assert.Equal(short10.Finish, long60.Finish);
        Assert.InRange(model.Seconds(WorkStage.Finish, long60.Finish), 0.5, 3);
    }
}
