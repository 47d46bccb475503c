namespace Mouthpiece.Evaluation;

/// <summary>An sRGB colour, 8 bits a channel.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B);

/// <summary>An 8-bit RGB picture with the few drawing operations a line chart needs; everything is clipped to the picture.</summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[checked(3 * width * height)];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Rows top to bottom, R, G, B per pixel: the layout <see cref="PngEncoder"/> takes.</summary>
    public byte[] Pixels { get; }

    public void FillRectangle(int x, int y, int width, int height, Rgb color)
    {
        int left = Math.Max(x, 0), right = Math.Min(x + width, Width);
        int top = Math.Max(y, 0), bottom = Math.Min(y + height, Height);
        for (var row = top; row < bottom; row++)
        {
            var pixels = Pixels.AsSpan(3 * (row * Width + left), 3 * Math.Max(0, right - left));
            for (var i = 0; i < pixels.Length; i += 3)
            {
                pixels[i] = color.R;
                pixels[i + 1] = color.G;
                pixels[i + 2] = color.B;
            }
        }
    }

    /// <summary>A straight line (Bresenham) drawn with a square pen <paramref name="thickness"/> pixels wide.</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb color, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1;
        var error = dx + dy;
        var offset = thickness / 2;
        while (true)
        {
            FillRectangle(x0 - offset, y0 - offset, thickness, thickness, color);
            if (x0 == x1 && y0 == y1)
                return;
            var doubled = 2 * error;
            if (doubled >= dy)
            {
                error += dy;
                x0 += stepX;
            }
            if (doubled <= dx)
            {
                error += dx;
                y0 += stepY;
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> with its top-left corner at (x, y), each font pixel <paramref name="scale"/> pixels square.</summary>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        foreach (var character in text)
        {
            var rows = BitmapFont.Rows(character);
            for (var row = 0; row < rows.Length; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if ((rows[row] >> (BitmapFont.GlyphWidth - 1 - column) & 1) != 0)
                        FillRectangle(x + column * scale, y + row * scale, scale, scale, color);
                }
            }
            x += BitmapFont.Advance * scale;
        }
    }
}
