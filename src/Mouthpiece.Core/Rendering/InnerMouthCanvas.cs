using System.Numerics;

namespace Mouthpiece.Rendering;

/// <summary>
/// The rectangle around a rendered mouth opening, handed to an <see cref="IInnerMouthPainter"/>:
/// yuv420p layers to fill, and per luma pixel where it sits in the opening. Reused from frame to frame.
/// </summary>
public sealed class InnerMouthCanvas
{
    private byte[] _y = [];
    private byte[] _u = [];
    private byte[] _v = [];
    private float[] _across = [];
    private float[] _down = [];
    private float[] _depth = [];
    private readonly Vector2[] _innerLip = new Vector2[8];

    /// <summary>Where the layers sit in the frame, in luma pixels; left, top, width and height are even.</summary>
    public PixelRect Bounds { get; private set; }

    public int ChromaWidth => Bounds.Width / 2;

    public int ChromaHeight => Bounds.Height / 2;

    /// <summary>Luma layer, <see cref="PixelRect.Width"/> bytes a row.</summary>
    public Span<byte> Y => _y.AsSpan(0, Bounds.Width * Bounds.Height);

    public Span<byte> U => _u.AsSpan(0, ChromaWidth * ChromaHeight);

    public Span<byte> V => _v.AsSpan(0, ChromaWidth * ChromaHeight);

    /// <summary>Per luma pixel: −1 at the left inner mouth corner … +1 at the right one, along the mouth axis.</summary>
    public ReadOnlySpan<float> Across => _across.AsSpan(0, Bounds.Width * Bounds.Height);

    /// <summary>Per luma pixel: 0 on the upper inner lip … 1 on the lower inner lip, in that column of the opening.</summary>
    public ReadOnlySpan<float> Down => _down.AsSpan(0, Bounds.Width * Bounds.Height);

    /// <summary>Per luma pixel: distance below the upper inner lip, in pixels (teeth hang a fixed depth from it).</summary>
    public ReadOnlySpan<float> DepthPixels => _depth.AsSpan(0, Bounds.Width * Bounds.Height);

    /// <summary>The target inner lip, landmarks 60–67, in frame pixels.</summary>
    public ReadOnlySpan<Vector2> InnerLip => _innerLip;

    /// <summary>Gap between the inner lips at the middle of the mouth, in pixels.</summary>
    public float OpeningPixels { get; private set; }

    public float InterOcularPixels { get; private set; }

    /// <summary>Mean colour of the cheeks beside the mouth (Y, U, V), so painted teeth and cavity are lit like the face.</summary>
    public Vector3 SkinTone { get; private set; }

    /// <summary>Index of the frame being rendered, for painters that pick from other frames.</summary>
    public long FrameIndex { get; private set; }

    internal Span<float> WritableAcross => _across.AsSpan(0, Bounds.Width * Bounds.Height);

    internal Span<float> WritableDown => _down.AsSpan(0, Bounds.Width * Bounds.Height);

    internal Span<float> WritableDepth => _depth.AsSpan(0, Bounds.Width * Bounds.Height);

    internal void Reset(PixelRect bounds, ReadOnlySpan<Vector2> innerLip, float openingPixels, float interOcularPixels, Vector3 skinTone, long frameIndex)
    {
        Bounds = bounds;
        innerLip.CopyTo(_innerLip);
        OpeningPixels = openingPixels;
        InterOcularPixels = interOcularPixels;
        SkinTone = skinTone;
        FrameIndex = frameIndex;
        var lumaCount = bounds.Width * bounds.Height;
        Grow(ref _y, lumaCount);
        Grow(ref _across, lumaCount);
        Grow(ref _down, lumaCount);
        Grow(ref _depth, lumaCount);
        Grow(ref _u, ChromaWidth * ChromaHeight);
        Grow(ref _v, ChromaWidth * ChromaHeight);
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
            buffer = new T[count];
    }
}
