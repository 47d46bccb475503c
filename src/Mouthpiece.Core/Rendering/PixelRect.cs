namespace Mouthpiece.Rendering;

/// <summary>An axis-aligned rectangle of whole pixels: <see cref="Left"/>..<see cref="Right"/> exclusive, likewise rows.</summary>
public readonly record struct PixelRect(int Left, int Top, int Width, int Height)
{
    public int Right => Left + Width;

    public int Bottom => Top + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
}
