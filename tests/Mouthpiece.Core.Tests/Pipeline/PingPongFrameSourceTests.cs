using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

/// <summary>The frame source on the real 90-frame fixture, with the header's frame count stated by the test.</summary>
public sealed class PingPongFrameSourceTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public PingPongFrameSourceTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private static async Task<List<(long Index, byte[] Pixels)>> ReadAllAsync(PingPongFrameSource source)
    {
        var frames = new List<(long, byte[])>();
        var frame = new VideoFrame(512, 480);
        while (await source.ReadAsync(frame, CancellationToken.None))
            frames.Add((frame.Index, frame.Buffer.ToArray()));
        return frames;
    }

    private static async Task<PingPongFrameSource> OpenAsync(long outputFrames, long expectedSourceFrames, RawFrameFile? spill)
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);
        return new PingPongFrameSource(() => RawVideoReader.Open(info), outputFrames, expectedSourceFrames, spill);
    }

    [Fact]
    public async Task Speech_longer_than_the_video_plays_it_back_from_the_spill()
    {
        await using var spill = RawFrameFile.Create(_scratch.Root, 512, 480);
        await using var source = await OpenAsync(200, 90, spill);

        var frames = await ReadAllAsync(source);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => PingPong.SourceIndex(i, 90)), frames.Select(f => f.Index));
        Assert.Equal(frames[88].Pixels, frames[90].Pixels);
    }

    [Fact]
    public async Task A_video_a_few_frames_shorter_than_announced_holds_its_last_frame()
    {
        await using var source = await OpenAsync(93, 93, spill: null);

        var frames = await ReadAllAsync(source);

        Assert.Equal(93, frames.Count);
        Assert.All(frames.Skip(89), f => Assert.Equal(89, f.Index));
        Assert.Equal(frames[89].Pixels, frames[92].Pixels);
        Assert.NotEqual(frames[88].Pixels, frames[89].Pixels);
    }

    [Fact]
    public async Task Frames_kept_from_the_analysis_play_in_the_same_order_as_decoded_ones_without_decoding()
    {
        await using var kept = RawFrameFile.Create(_scratch.Root, 512, 480);
        var info = await MediaProbe.ProbeVideoAsync(Talking);
        await using (var reader = RawVideoReader.Open(info))
        {
            var frame = new VideoFrame(512, 480);
            while (await reader.ReadAsync(frame))
                await kept.AppendAsync(frame, CancellationToken.None);
        }
        await using var spill = RawFrameFile.Create(_scratch.Root, 512, 480);
        await using var decoding = await OpenAsync(200, 90, spill);
        await using var reading = new PingPongFrameSource(kept, Talking, 200);

        var decoded = await ReadAllAsync(decoding);
        var read = await ReadAllAsync(reading);

        Assert.Equal(decoded.Select(f => f.Index), read.Select(f => f.Index));
        Assert.True(decoded.Zip(read).All(pair => pair.First.Pixels.AsSpan().SequenceEqual(pair.Second.Pixels)));
    }

    [Fact]
    public async Task A_frame_file_leaves_nothing_in_its_folder()
    {
        var folder = Directory.CreateDirectory(_scratch.File("frames-" + Guid.NewGuid().ToString("N")));
        await using var file = RawFrameFile.Create(folder.FullName, 4, 4);
        await file.AppendAsync(new VideoFrame(4, 4), CancellationToken.None);

        Assert.Empty(folder.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task A_video_far_shorter_than_announced_fails_with_a_clear_error()
    {
        await using var source = await OpenAsync(300, 300, spill: null);

        var error = await Assert.ThrowsAsync<MediaInputException>(() => ReadAllAsync(source));

        Assert.Equal(Codes.Inputs.EndedEarly(90, 300), error.Problem);
    }
}
