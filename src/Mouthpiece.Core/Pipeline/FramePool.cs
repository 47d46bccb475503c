using System.Threading.Channels;
using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// A fixed set of frame buffers passed round the stages and back. The pool's size is the pipeline's
/// whole frame memory: when every buffer is in flight, the decoder waits.
/// </summary>
internal sealed class FramePool
{
    private readonly Channel<VideoFrame> _free;

    public FramePool(int width, int height, int count)
    {
        _free = Channel.CreateBounded<VideoFrame>(count);
        for (var i = 0; i < count; i++)
            _free.Writer.TryWrite(new VideoFrame(width, height));
    }

    public ValueTask<VideoFrame> RentAsync(CancellationToken cancellationToken) => _free.Reader.ReadAsync(cancellationToken);

    public void Return(VideoFrame frame) => _free.Writer.TryWrite(frame);
}
