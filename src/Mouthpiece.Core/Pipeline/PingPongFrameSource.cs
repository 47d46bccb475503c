using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Pipeline;

/// <summary>
/// Hands out the source frames in ping-pong order for as many output frames as asked. The first pass
/// decodes the video; when the output needs more frames than the video has, each decoded frame is also
/// kept in a raw spill file, and later passes read frames from there by index. The spill costs disk
/// (one raw frame per source frame) instead of memory or a second decode, so memory stays flat however
/// long either input is, and going backward costs no more than going forward.
/// </summary>
internal sealed class PingPongFrameSource : IAsyncDisposable
{
    private readonly RawVideoReader reader;
    private readonly long outputFrames;
    private readonly long expectedSourceFrames;
    private readonly long holdFrom;
    private FileStream? spill;
    private VideoFrame? held;
    private long sourceFrames;
    private bool decodingDone;
    private long nextOutput;

    /// <param name="openReader">Starts the decoder; called after the spill file exists, so a failure there starts no ffmpeg.</param>
    /// <param name="expectedSourceFrames">Frames the video's header announces.</param>
    /// <param name="spillPath">Where to keep decoded frames for later passes, or null when the output is not meant to outlast the video.</param>
    public PingPongFrameSource(Func<RawVideoReader> openReader, long outputFrames, long expectedSourceFrames, string? spillPath)
    {
        this.outputFrames = outputFrames;
        this.expectedSourceFrames = expectedSourceFrames;
        holdFrom = expectedSourceFrames - Math.Max(5, expectedSourceFrames / 50);
        if (spillPath is not null)
            spill = new FileStream(spillPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        reader = openReader();
    }

    /// <summary>Frames in the source video; known once the first pass has ended.</summary>
    public long SourceFrames => sourceFrames;

    public bool DecodingDone => decodingDone;

    /// <summary>
    /// Fills <paramref name="frame"/> with the next output frame's picture; <see cref="VideoFrame.Index"/>
    /// is set to the source index. False when the output is complete.
    /// </summary>
    public async ValueTask<bool> ReadAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (nextOutput >= outputFrames)
        {
            await LearnWhetherTheVideoEndedAsync(frame, cancellationToken);
            return false;
        }
        if (!decodingDone)
        {
            if (await reader.ReadAsync(frame, cancellationToken))
            {
                await KeepAsync(frame, cancellationToken);
                sourceFrames++;
                nextOutput++;
                return true;
            }
            decodingDone = true;
            if (sourceFrames == 0)
                throw new MediaInputException(reader.Path, Codes.Inputs.NoFrames());
        }
        if (spill is null)
            return HoldLastFrame(frame);
        await ReadSpilledAsync(frame, PingPong.SourceIndex(nextOutput, sourceFrames), cancellationToken);
        nextOutput++;
        return true;
    }

    /// <summary>
    /// Keeps what later frames may need: every frame in the spill when the output outlasts the video, else a
    /// copy of the latest frame near the announced end, in case the video is a frame or two shorter than that.
    /// </summary>
    private async ValueTask KeepAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (spill is not null)
        {
            await spill.WriteAsync(frame.Buffer, cancellationToken);
        }
        else if (sourceFrames >= holdFrom)
        {
            held ??= new VideoFrame(frame.Width, frame.Height);
            frame.CopyTo(held);
        }
    }

    /// <summary>The video ended a little before the speech: its last frame stands still for the rest.</summary>
    private bool HoldLastFrame(VideoFrame frame)
    {
        if (held is null)
            throw new MediaInputException(reader.Path, Codes.Inputs.EndedEarly(sourceFrames, expectedSourceFrames));
        held.CopyTo(frame);
        nextOutput++;
        return true;
    }

    /// <summary>
    /// When the output ends on the first pass, one more read tells whether that was the whole video; only then
    /// is the face track complete enough to keep. It costs one decoded frame, and nothing when already known.
    /// </summary>
    private async ValueTask LearnWhetherTheVideoEndedAsync(VideoFrame scratch, CancellationToken cancellationToken)
    {
        if (!decodingDone && !await reader.ReadAsync(scratch, cancellationToken))
            decodingDone = true;
    }

    private async ValueTask ReadSpilledAsync(VideoFrame frame, long sourceIndex, CancellationToken cancellationToken)
    {
        var file = spill!;
        file.Position = sourceIndex * frame.Buffer.Length;
        await file.ReadExactlyAsync(frame.Buffer, cancellationToken);
        frame.Index = sourceIndex;
    }

    public async ValueTask DisposeAsync()
    {
        if (spill is not null)
            await spill.DisposeAsync();
        spill = null;
        await reader.DisposeAsync();
    }
}
