using System.Threading.Channels;
using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// A fixed set of frame buffers passed round the stages and back. The pool's size is the pipeline's
/// whole frame memory: when every buffer is in flight, the decoder waits.
/// </summary>
internal sealed class FramePool
{
    private readonly Channel<VideoFrame> free;

    public FramePool(int width, int height, int count)
    {
        free = Channel.CreateBounded<VideoFrame>(count);
        for (var i = 0; i < count; i++)
            free.Writer.TryWrite(new VideoFrame(width, height));
    }

    public ValueTask<VideoFrame> RentAsync(CancellationToken cancellationToken) => free.Reader.ReadAsync(cancellationToken);

    public void Return(VideoFrame frame) => free.Writer.TryWrite(frame);
}
