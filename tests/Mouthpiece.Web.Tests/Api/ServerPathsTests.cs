using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.Tests.Api;

public sealed class ServerPathsTests
{
    [Theory]
    [InlineData("/srv/mouthpiece/data/inputs/3fa9.mp4: no face found", "3fa9.mp4: no face found")]
    [InlineData("ffmpeg failed writing '/tmp/x/out.mp4.partial' (No space left)", "ffmpeg failed writing 'out.mp4.partial' (No space left)")]
    [InlineData("video talk.mp4: has no video stream", "video talk.mp4: has no video stream")]
    [InlineData("bitrate 58 Mbps > 12 Mbps; see https://example.org/a/b", "bitrate 58 Mbps > 12 Mbps; see https://example.org/a/b")]
    [InlineData("30 fps / 2", "30 fps / 2")]
    public void Full_paths_become_file_names_and_other_text_is_left_alone(string error, string shown) =>
        Assert.Equal(shown, ServerPaths.Hide(error));
}
