using System.Buffers;
using System.Numerics;
using K4os.Compression.LZ4;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// One source frame's lower face kept in the atlas: its landmarks, the box it was cut from (even pixels, in the
/// frame's own resolution) and the box's yuv420p pixels, compressed (each row as differences from its left
/// neighbour, then LZ4 at its fastest level: about 40 % of the raw size).
/// </summary>
/// <remarks>
/// Every render captures up to <see cref="AtlasBudget.MaxSamples"/> samples and unpacks one for most frames it draws.
/// Brotli at its fastest packed a 1080p sample to a quarter, but took 1.7 ms to pack and 1.1 ms to unpack it, about
/// 0.8 CPU-s of a 10 s 1080p render; LZ4 takes 0.7 and 0.2 ms.
/// </remarks>
public sealed class MouthSample
{
    public MouthSample(long frameIndex, Vector2[] landmarks, PixelRect box, MouthState state, byte[] compressed)
    {
        FrameIndex = frameIndex;
        Landmarks = landmarks;
        Box = box;
        State = state;
        Compressed = compressed;
    }

    public long FrameIndex { get; }

    public Vector2[] Landmarks { get; }

    public PixelRect Box { get; }

    public MouthState State { get; }

    public byte[] Compressed { get; }

    /// <summary>Cuts the lower face out of <paramref name="frame"/>; null when it is not wholly inside the frame.</summary>
    public static MouthSample? Capture(VideoFrame frame, FaceLandmarks face, MouthState state)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(face);
        var box = LowerFaceBox(face);
        if (box.Left < 0 || box.Top < 0 || box.Right > frame.Width - 1 || box.Bottom > frame.Height - 1 || box.Width < 8 || box.Height < 8)
            return null;
        // The raw box and LZ4's worst case are a few hundred kilobytes at 1080p (the large object heap), for most
        // analysed frames: pooled, a 10 s 1080p render allocates 232 MB instead of 371 and collects fully 2 times, not 4.
        var length = VideoFrame.ByteCount(box.Width, box.Height);
        var raw = ArrayPool<byte>.Shared.Rent(length);
        var compressed = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(length));
        try
        {
            var at = 0;
            at = CopyPlane(frame.Y, frame.Width, box.Left, box.Top, box.Width, box.Height, raw, at);
            at = CopyPlane(frame.U, frame.ChromaWidth, box.Left / 2, box.Top / 2, box.Width / 2, box.Height / 2, raw, at);
            CopyPlane(frame.V, frame.ChromaWidth, box.Left / 2, box.Top / 2, box.Width / 2, box.Height / 2, raw, at);
            DeltaEncode(raw, box.Width, box.Height);
            var written = LZ4Codec.Encode(raw.AsSpan(0, length), compressed, LZ4Level.L00_FAST);
            if (written <= 0)
                throw new InvalidOperationException("LZ4 could not compress a mouth sample");
            return new MouthSample(frame.Index, [.. face.Points], box, state, compressed[..written]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>The box around the lower face, nose to below the chin and jaw to jaw, with room for the blend to fade out.</summary>
    public static PixelRect LowerFaceBox(FaceLandmarks face)
    {
        var unit = face.InterOcularDistance;
        var left = float.MaxValue;
        var right = float.MinValue;
        for (var i = 2; i <= 14; i++)
        {
            left = Math.Min(left, face[i].X);
            right = Math.Max(right, face[i].X);
        }
        var top = Math.Min(face[31].Y, face[35].Y) - 0.25f * unit;
        var bottom = face[8].Y + 0.1f * unit;
        var l = (int)MathF.Floor(left - 0.05f * unit) & ~1;
        var t = (int)MathF.Floor(top) & ~1;
        var r = ((int)MathF.Ceiling(right + 0.05f * unit) + 1) & ~1;
        var b = ((int)MathF.Ceiling(bottom) + 1) & ~1;
        return new PixelRect(l, t, r - l, b - t);
    }

    /// <summary>The sample's pixels, decompressed; into <paramref name="reuse"/>'s memory when it is large enough (it is then overwritten).</summary>
    public SamplePixels Decode(SamplePixels? reuse = null)
    {
        var length = VideoFrame.ByteCount(Box.Width, Box.Height);
        var raw = reuse?.Memory is { } memory && memory.Length >= length + SamplePixels.Padding ? memory : new byte[length + SamplePixels.Padding];
        if (LZ4Codec.Decode(Compressed, raw.AsSpan(0, length)) != length)
            throw new InvalidDataException("a mouth sample does not decompress to its size");
        DeltaDecode(raw, Box.Width, Box.Height);
        return new SamplePixels(raw, Box.Width, Box.Height);
    }

    private static int CopyPlane(ReadOnlySpan<byte> plane, int stride, int left, int top, int width, int height, byte[] target, int at)
    {
        for (var y = 0; y < height; y++)
        {
            plane.Slice((top + y) * stride + left, width).CopyTo(target.AsSpan(at));
            at += width;
        }
        return at;
    }

    private static void DeltaEncode(byte[] raw, int width, int height)
    {
        foreach (var (start, w, h) in Planes(width, height))
        {
            for (var y = 0; y < h; y++)
            {
                var row = raw.AsSpan(start + y * w, w);
                for (var x = w - 1; x > 0; x--)
                    row[x] = (byte)(row[x] - row[x - 1]);
            }
        }
    }

    private static void DeltaDecode(byte[] raw, int width, int height)
    {
        foreach (var (start, w, h) in Planes(width, height))
        {
            for (var y = 0; y < h; y++)
            {
                var row = raw.AsSpan(start + y * w, w);
                for (var x = 1; x < w; x++)
                    row[x] = (byte)(row[x] + row[x - 1]);
            }
        }
    }

    private static (int Start, int Width, int Height)[] Planes(int width, int height) =>
        [(0, width, height), (width * height, width / 2, height / 2), (width * height + width / 2 * (height / 2), width / 2, height / 2)];
}

/// <summary>A decoded sample: its box's luma and half-resolution chroma, back to back.</summary>
public sealed class SamplePixels
{
    /// <summary>Bytes after the last plane: a vector read of a pixel takes the three after it too.</summary>
    internal const int Padding = 4;

    private readonly byte[] _raw;

    internal SamplePixels(byte[] raw, int width, int height)
    {
        if (raw.Length < VideoFrame.ByteCount(width, height) + Padding)
            throw new ArgumentException("the pixels need their padding", nameof(raw));
        (_raw, Width, Height) = (raw, width, height);
    }

    public int Width { get; }

    public int Height { get; }

    // For the next decode once these pixels are no longer wanted: a 1080p sample is a few hundred kilobytes.
    internal byte[] Memory => _raw;

    public ReadOnlySpan<byte> Y => _raw.AsSpan(0, Width * Height);

    public ReadOnlySpan<byte> U => _raw.AsSpan(Width * Height, Width / 2 * (Height / 2));

    public ReadOnlySpan<byte> V => _raw.AsSpan(Width * Height + Width / 2 * (Height / 2), Width / 2 * (Height / 2));
}
