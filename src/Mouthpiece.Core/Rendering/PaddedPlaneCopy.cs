namespace Mouthpiece.Rendering;

/// <summary>
/// An untouched copy of a rectangle of one plane, framed by <see cref="Pad"/> repeats of its edge pixels.
/// Bilinear sampling anywhere in the rectangle, and up to a pixel beyond it (float error, chroma positions
/// half a sample outside), then reads valid neighbours without a clamp per pixel.
/// </summary>
internal sealed class PaddedPlaneCopy
{
    public const int Pad = 2;

    // A vectorised sampler fetches four bytes where it needs two; the last row's fetch may reach this far past it.
    private const int Slack = 4;

    private byte[] _pixels = [];

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Bytes from one padded row to the next.</summary>
    public int Stride { get; private set; }

    /// <summary>The whole buffer; pixel (x, y) of the rectangle is at <see cref="IndexOf"/>.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    public int IndexOf(int x, int y) => (y + Pad) * Stride + x + Pad;

    /// <summary>Row <paramref name="y"/> of the rectangle, without its padding.</summary>
    public ReadOnlySpan<byte> Row(int y) => _pixels.AsSpan(IndexOf(0, y), Width);

    public byte this[int x, int y] => _pixels[IndexOf(x, y)];

    public void CopyFrom(PlaneRegion region)
    {
        (Width, Height, Stride) = (region.Width, region.Height, region.Width + 2 * Pad);
        var size = Stride * (Height + 2 * Pad) + Slack;
        if (_pixels.Length < size)
            _pixels = new byte[size];
        for (var y = 0; y < Height; y++)
        {
            var row = _pixels.AsSpan((y + Pad) * Stride, Stride);
            region.Row(region.Top + y).Slice(region.Left, Width).CopyTo(row[Pad..]);
            row[..Pad].Fill(row[Pad]);
            row[(Pad + Width)..].Fill(row[Pad + Width - 1]);
        }
        for (var y = 0; y < Pad; y++)
        {
            _pixels.AsSpan(Pad * Stride, Stride).CopyTo(_pixels.AsSpan(y * Stride, Stride));
            _pixels.AsSpan((Pad + Height - 1) * Stride, Stride).CopyTo(_pixels.AsSpan((Pad + Height + y) * Stride, Stride));
        }
    }
}
