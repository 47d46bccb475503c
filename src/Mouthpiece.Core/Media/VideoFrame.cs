namespace Mouthpiece.Media;

/// <summary>
/// One decoded picture in planar YUV 4:2:0 (ffmpeg's <c>yuv420p</c>), the format frames keep from
/// decoder to encoder so that no stage pays for a colour conversion it does not need.
/// The three planes lie back to back in <see cref="Buffer"/>, exactly as ffmpeg's rawvideo writes them.
/// </summary>
public sealed class VideoFrame
{
    public VideoFrame(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Buffer = new byte[ByteCount(width, height)];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Position of the frame in its stream, counted from 0.</summary>
    public long Index { get; set; }

    public byte[] Buffer { get; }

    public int ChromaWidth => (Width + 1) / 2;

    public int ChromaHeight => (Height + 1) / 2;

    /// <summary>Luma, one byte a pixel, <see cref="Width"/> bytes a row.</summary>
    public Span<byte> Y => Buffer.AsSpan(0, Width * Height);

    public Span<byte> U => Buffer.AsSpan(Width * Height, ChromaWidth * ChromaHeight);

    public Span<byte> V => Buffer.AsSpan(Width * Height + ChromaWidth * ChromaHeight, ChromaWidth * ChromaHeight);

    /// <summary>Bytes of one yuv420p frame of this size, as ffmpeg lays it out.</summary>
    public static int ByteCount(int width, int height) =>
        checked(width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2));

    public void CopyTo(VideoFrame other)
    {
        if (other.Width != Width || other.Height != Height)
            throw new ArgumentException($"frame sizes differ: {Width}x{Height} vs {other.Width}x{other.Height}", nameof(other));
        Buffer.AsSpan().CopyTo(other.Buffer);
        other.Index = Index;
    }
}
