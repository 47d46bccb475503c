using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

/// <summary>The analysis's decoded frames, kept for the render within a disk budget.</summary>
public sealed class KeptFramesTests : IClassFixture<Scratch>
{
    private static readonly int FrameBytes = VideoFrame.ByteCount(4, 4);
    private readonly Scratch _scratch;

    public KeptFramesTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private static VideoFrame Frame(byte shade)
    {
        var frame = new VideoFrame(4, 4);
        frame.Buffer.AsSpan().Fill(shade);
        return frame;
    }

    [Fact]
    public void Frames_expected_beyond_the_budget_are_not_kept_at_all()
    {
        Assert.Null(KeptFrames.Plan(_scratch.Root, 4, 4, expectedFrames: 3, budgetBytes: 2 * FrameBytes));
    }

    [Fact]
    public async Task Every_frame_within_the_budget_reads_back_as_it_was_kept()
    {
        await using var kept = KeptFrames.Plan(_scratch.Root, 4, 4, expectedFrames: 2, budgetBytes: 2 * FrameBytes)!;

        await kept.KeepAsync(Frame(10), CancellationToken.None);
        await kept.KeepAsync(Frame(20), CancellationToken.None);

        var frame = new VideoFrame(4, 4);
        await kept.Frames!.ReadAsync(frame, 1, CancellationToken.None);
        Assert.Equal((2L, 1L, (byte)20), (kept.Frames.Count, frame.Index, frame.Buffer[0]));
    }

    [Fact]
    public async Task More_frames_than_announced_past_the_budget_leave_nothing_kept()
    {
        await using var kept = KeptFrames.Plan(_scratch.Root, 4, 4, expectedFrames: 2, budgetBytes: 2 * FrameBytes)!;

        for (byte shade = 0; shade < 3; shade++)
            await kept.KeepAsync(Frame(shade), CancellationToken.None);

        Assert.Null(kept.Frames);
    }

    [Fact]
    public async Task Nothing_decoded_means_nothing_to_read()
    {
        await using var kept = KeptFrames.Plan(_scratch.Root, 4, 4, expectedFrames: 2, budgetBytes: 2 * FrameBytes)!;

        Assert.Null(kept.Frames);
    }
}
