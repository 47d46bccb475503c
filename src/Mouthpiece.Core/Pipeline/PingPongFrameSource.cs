using Mouthpiece.Media;

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
    private readonly string? spillPath;
    private FileStream? spill;
    private long sourceFrames;
    private bool decodingDone;
    private long nextOutput;

    /// <param name="openReader">Starts the decoder; called after the spill file exists, so a failure there starts no ffmpeg.</param>
    /// <param name="spillPath">Where to keep decoded frames for later passes, or null when the output cannot outlast the video.</param>
    public PingPongFrameSource(Func<RawVideoReader> openReader, long outputFrames, string? spillPath)
    {
        this.outputFrames = outputFrames;
        this.spillPath = spillPath;
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
            return false;
        if (!decodingDone)
        {
            if (await reader.ReadAsync(frame, cancellationToken))
            {
                if (spill is not null)
                    await spill.WriteAsync(frame.Buffer, cancellationToken);
                sourceFrames++;
                nextOutput++;
                return true;
            }
            decodingDone = true;
            if (sourceFrames == 0)
                throw new MediaInputException(reader.Path, "contains no video frames");
            if (spill is null)
                return false;
        }
        await ReadSpilledAsync(frame, PingPong.SourceIndex(nextOutput, sourceFrames), cancellationToken);
        nextOutput++;
        return true;
    }

    private async ValueTask ReadSpilledAsync(VideoFrame frame, long sourceIndex, CancellationToken cancellationToken)
    {
        var file = spill ?? throw new InvalidOperationException($"{spillPath}: no spill file");
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
