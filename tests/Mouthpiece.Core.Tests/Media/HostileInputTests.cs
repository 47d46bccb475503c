using System.Buffers.Binary;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>
/// Every broken or hostile input ends in a <see cref="MediaInputException"/> naming the file and the
/// problem, never in ffmpeg reading something else or hanging.
/// </summary>
public sealed class HostileInputTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public HostileInputTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private static async Task<string> ProblemWith(Func<Task> probe, string path)
    {
        var error = await Assert.ThrowsAsync<MediaInputException>(probe);
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        return error.Problem.ToString();
    }

    private static Task<string> ProbeProblem(string path) => ProblemWith(() => MediaProbe.ProbeAsync(path), path);

    [Fact]
    public async Task Missing_file()
    {
        Assert.Equal("file not found", await ProbeProblem(_scratch.File("nope.mp4")));
    }

    [Fact]
    public async Task Empty_file()
    {
        Assert.Equal("file is empty", await ProbeProblem(_scratch.Write("empty.mp4", [])));
    }

    [Fact]
    public async Task Text_renamed_to_mp4()
    {
        var path = _scratch.WriteText("notes.mp4", "Meeting notes\nnothing to see here\n");
        Assert.Equal("is a text file, not audio or video", await ProbeProblem(path));
    }

    [Fact]
    public async Task Truncated_mp4_without_its_index()
    {
        // A camera file is written index-last; cut it short and the index is gone.
        var whole = _scratch.Ffmpeg("camera.mp4", "-i", Talking, "-c", "copy");
        var bytes = File.ReadAllBytes(whole);
        var path = _scratch.Write("truncated.mp4", bytes[..(bytes.Length / 2)]);

        Assert.Contains("truncated", await ProbeProblem(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hls_playlist_disguised_as_avi_pointing_at_a_local_file()
    {
        var path = _scratch.WriteText("clip.avi", $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\n{Talking}\n#EXT-X-ENDLIST\n");
        Assert.Contains("playlist", await ProbeProblem(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ffconcat_list_disguised_as_mp4()
    {
        var path = _scratch.WriteText("clip.mp4", $"ffconcat version 1.0\nfile '{Talking}'\n");
        Assert.Contains("concat list", await ProbeProblem(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_playlist_that_slips_past_the_sniffer_is_stopped_by_the_demuxer_allow_list()
    {
        // Leading binary junk hides the playlist from the magic-byte check; ffmpeg's HLS probe still sees it.
        var path = _scratch.Write("sneaky.avi", [0x00, 0x01, .. System.Text.Encoding.ASCII.GetBytes($"\n#EXTM3U\n#EXTINF:3.0,\n{Talking}\n")]);
        var problem = await ProbeProblem(path);
        Assert.DoesNotContain("duration", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30000)]
    [InlineData(10000)]
    public async Task Absurd_frame_size_in_the_header(int side)
    {
        var path = ForgeMjpegAviClaiming(side, $"huge-{side}.avi");
        Assert.Equal($"frame size {side}x{side} is outside the accepted 1x1 to 8192x8192", await ProbeProblem(path));
    }

    [Fact]
    public async Task Audio_file_given_as_the_video()
    {
        var path = _scratch.Ffmpeg("speech.wav", "-i", Talking, "-vn");
        Assert.Contains("has no video stream", await ProblemWith(() => MediaProbe.ProbeVideoAsync(path), path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_video_given_as_the_audio()
    {
        var path = TestData.File("media", "portrait-silent-2s.mp4");
        Assert.Contains("has no audio track", await ProblemWith(() => MediaProbe.ProbeAudioAsync(path), path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_looks_like_a_url_stays_a_local_file()
    {
        Directory.CreateDirectory(_scratch.File("http:"));
        var path = _scratch.File("http:/example.mp4");
        File.Copy(Talking, path, overwrite: true);

        var info = await MediaProbe.ProbeAsync(path);
        Assert.NotNull(info.Video);
    }

    [Fact]
    public async Task Unwritable_output_directory_fails_before_any_work()
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);
        var output = Path.Combine(_scratch.File("no-such-dir"), "out.mp4");

        var error = await Assert.ThrowsAsync<MediaInputException>(() => Normalizer.NormalizeAsync(info, output, new NormalizeOptions()));
        Assert.Equal(output, error.FilePath);
        Assert.Equal("output.directory_missing", error.Problem.Code);
        Assert.False(Directory.Exists(_scratch.File("no-such-dir")));
    }

    /// <summary>A one-frame MJPEG AVI whose JPEG and AVI headers claim a frame of side x side pixels.</summary>
    private string ForgeMjpegAviClaiming(int side, string name)
    {
        var bytes = File.ReadAllBytes(_scratch.Ffmpeg($"small-{side}.avi", "-f", "lavfi", "-i", "color=c=gray:s=16x16:d=1", "-frames:v", "1", "-c:v", "mjpeg"));
        var span = bytes.AsSpan();
        var sof = span.IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(sof + 5)..], (ushort)side);
        BinaryPrimitives.WriteUInt16BigEndian(span[(sof + 7)..], (ushort)side);
        var mainHeader = span.IndexOf("avih"u8) + 8;
        BinaryPrimitives.WriteInt32LittleEndian(span[(mainHeader + 32)..], side);
        BinaryPrimitives.WriteInt32LittleEndian(span[(mainHeader + 36)..], side);
        var streamFormat = span.IndexOf("strf"u8) + 8;
        BinaryPrimitives.WriteInt32LittleEndian(span[(streamFormat + 4)..], side);
        BinaryPrimitives.WriteInt32LittleEndian(span[(streamFormat + 8)..], side);
        return _scratch.Write(name, bytes);
    }
}
