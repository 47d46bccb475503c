using Mouthpiece.Media;
using SkiaSharp;

namespace Mouthpiece.Bench.Quality;

/// <summary>Pictures of part of a yuv420p frame for people to look at (BT.601, limited range, as the encoder writes it).</summary>
internal static class YuvPicture
{
    /// <summary>The frame inside <paramref name="source"/> (frame pixels), resampled to a square of <paramref name="size"/> pixels.</summary>
    public static SKBitmap Crop(VideoFrame frame, SKRect source, int size)
    {
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var fx = Math.Clamp((int)(source.Left + (x + 0.5f) * source.Width / size), 0, frame.Width - 1);
                var fy = Math.Clamp((int)(source.Top + (y + 0.5f) * source.Height / size), 0, frame.Height - 1);
                var luma = 1.164f * (frame.Y[fy * frame.Width + fx] - 16);
                var chroma = fy / 2 * frame.ChromaWidth + fx / 2;
                float u = frame.U[chroma] - 128, v = frame.V[chroma] - 128;
                var at = 4 * (y * size + x);
                pixels[at] = ToByte(luma + 1.596f * v);
                pixels[at + 1] = ToByte(luma - 0.392f * u - 0.813f * v);
                pixels[at + 2] = ToByte(luma + 2.017f * u);
                pixels[at + 3] = 255;
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(value + 0.5f, 0, 255);
}
