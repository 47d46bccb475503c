using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Wav2Lip;

/// <summary>
/// The face box Wav2Lip was trained on, and the model's 96×96 crops of it. Wav2Lip crops the face detector's box,
/// padded 10 pixels down so the chin is inside, and squeezes it to 96×96 whatever its aspect; here the box comes from
/// the tracked (already smoothed) landmarks: jaw to jaw across, from a little above the brows to a little below the chin.
/// Crops are BGR planes in 0..1 as the model wants them, read from the frame's YUV (BT.601, limited range).
/// </summary>
public readonly record struct FaceCrop(float Left, float Top, float Width, float Height)
{
    private const int Size = Wav2LipContract.FaceSize;
    private const int Plane = Size * Size;

    /// <summary>The box around <paramref name="face"/>, within the frame; null when too little of the face is inside it.</summary>
    public static FaceCrop? Around(FaceLandmarks face, int frameWidth, int frameHeight)
    {
        var (min, max) = (new Vector2(float.MaxValue), new Vector2(float.MinValue));
        for (var i = 0; i <= 26; i++) // jaw and brows
        {
            min = Vector2.Min(min, face[i]);
            max = Vector2.Max(max, face[i]);
        }
        var height = max.Y - min.Y;
        var top = Math.Max(0, min.Y - 0.15f * height);
        var bottom = Math.Min(frameHeight, max.Y + 0.05f * height);
        var left = Math.Max(0, min.X);
        var right = Math.Min(frameWidth, max.X);
        return right - left >= 16 && bottom - top >= 16 ? new FaceCrop(left, top, right - left, bottom - top) : null;
    }

    /// <summary>
    /// Writes the model's face input for one frame: the crop with its lower half (rows 48–95) black, then the whole
    /// crop, each as B, G, R planes of 96×96 in 0..1 (<paramref name="destination"/> holds 6 planes).
    /// </summary>
    public void WriteInput(VideoFrame frame, Span<float> destination)
    {
        var reference = destination.Slice(3 * Plane, 3 * Plane);
        for (var v = 0; v < Size; v++)
        {
            var y = Top + (v + 0.5f) * Height / Size - 0.5f;
            for (var u = 0; u < Size; u++)
            {
                var x = Left + (u + 0.5f) * Width / Size - 0.5f;
                var (r, g, b) = YuvColor.ToRgb(Sample(frame.Y, frame.Width, frame.Height, x, y),
                    Sample(frame.U, frame.ChromaWidth, frame.ChromaHeight, (x - 0.5f) / 2, (y - 0.5f) / 2),
                    Sample(frame.V, frame.ChromaWidth, frame.ChromaHeight, (x - 0.5f) / 2, (y - 0.5f) / 2));
                var i = v * Size + u;
                reference[i] = b / 255f;
                reference[Plane + i] = g / 255f;
                reference[2 * Plane + i] = r / 255f;
            }
        }
        var masked = destination[..(3 * Plane)];
        reference.CopyTo(masked);
        for (var channel = 0; channel < 3; channel++)
            masked.Slice(channel * Plane + Size / 2 * Size, Size / 2 * Size).Clear();
    }

    /// <summary>Bilinear sample of an 8-bit plane, clamped at its edges.</summary>
    internal static float Sample(ReadOnlySpan<byte> plane, int width, int height, float x, float y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var (x0, y0) = ((int)x, (int)y);
        var (x1, y1) = (Math.Min(x0 + 1, width - 1), Math.Min(y0 + 1, height - 1));
        var (fx, fy) = (x - x0, y - y0);
        var top = plane[y0 * width + x0] + fx * (plane[y0 * width + x1] - plane[y0 * width + x0]);
        var bottom = plane[y1 * width + x0] + fx * (plane[y1 * width + x1] - plane[y1 * width + x0]);
        return top + fy * (bottom - top);
    }
}

/// <summary>BT.601 limited-range YUV ↔ RGB, as ffmpeg's yuv420p frames of ordinary video are.</summary>
internal static class YuvColor
{
    public static (float R, float G, float B) ToRgb(float y, float u, float v)
    {
        var (c, d, e) = (1.164f * (y - 16), u - 128, v - 128);
        return (Math.Clamp(c + 1.596f * e, 0, 255), Math.Clamp(c - 0.392f * d - 0.813f * e, 0, 255), Math.Clamp(c + 2.017f * d, 0, 255));
    }

    public static (float Y, float U, float V) FromRgb(float r, float g, float b) =>
        (16 + 0.257f * r + 0.504f * g + 0.098f * b, 128 - 0.148f * r - 0.291f * g + 0.439f * b, 128 + 0.439f * r - 0.368f * g - 0.071f * b);
}
