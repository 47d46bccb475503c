using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// The inside of one real open mouth from the video: teeth, tongue and cavity as that frame shows them,
/// resampled into the normalized opening coordinates of <see cref="InnerMouthCanvas"/> (across −1…1,
/// down 0…1) at a fixed small size, with the skin tone beside the mouth so it can be relit to another frame.
/// Immutable once captured.
/// </summary>
public sealed class MouthExemplar
{
    /// <summary>Samples across the opening, corner to corner.</summary>
    public const int Columns = 64;

    /// <summary>Samples down the opening, upper inner lip to lower inner lip.</summary>
    public const int Rows = 32;

    /// <summary>Smallest inner-lip aperture (inter-ocular distances) worth capturing: narrower mouths show too little inside.</summary>
    public const float DefaultMinAperture = 0.12f;

    // dlib puts the upper inner-lip points a little below where the opening shows, on the upper teeth rather than
    // above them; the opening is taken to begin this share of the gap higher. The lower points sit on the lip's edge.
    private const float UpperReach = 0.12f;

    // Y, U, V per sample, row by row; chroma is kept at the same grid so painting needs one lookup.
    private readonly Vector3[] _pixels;
    // Gap between the inner lips per column, in inter-ocular distances: how tall the opening was where each column was taken.
    private readonly float[] _gaps;

    private MouthExemplar(Vector3[] pixels, float[] gaps, float aperture, Vector3 skinTone, long frameIndex)
    {
        _pixels = pixels;
        _gaps = gaps;
        Aperture = aperture;
        SkinTone = skinTone;
        FrameIndex = frameIndex;
    }

    /// <summary>Inner-lip aperture of the captured mouth, in inter-ocular distances (<see cref="FaceLandmarks.InnerLipAperture"/>).</summary>
    public float Aperture { get; }

    /// <summary>Mean Y, U, V of the cheeks beside the captured mouth, measured like <see cref="InnerMouthCanvas.SkinTone"/>.</summary>
    public Vector3 SkinTone { get; }

    /// <summary>The source frame the mouth was taken from.</summary>
    public long FrameIndex { get; }

    /// <summary>
    /// Takes the inside of the mouth in <paramref name="frame"/>, whose face has <paramref name="face"/> landmarks;
    /// null when the mouth is open less than <paramref name="minAperture"/> or not wholly inside the frame.
    /// </summary>
    public static MouthExemplar? TryCapture(VideoFrame frame, FaceLandmarks face, float minAperture = DefaultMinAperture)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(face);
        var aperture = face.InnerLipAperture;
        if (aperture < minAperture || !MouthInside(frame, face))
            return null;
        var outline = new InnerLipOutline(face.Points);
        var unit = MouthFrame.Of(face.Points).Unit;
        var pixels = new Vector3[Columns * Rows];
        var gaps = new float[Columns];
        for (var column = 0; column < Columns; column++)
        {
            var across = AcrossOf(column);
            gaps[column] = (1 + UpperReach) * outline.GapAt(across) / unit;
            for (var row = 0; row < Rows; row++)
            {
                var down = -UpperReach + (1 + UpperReach) * row / (Rows - 1);
                pixels[row * Columns + column] = SampleFrame(frame, outline.PixelAt(across, down));
            }
        }
        return new MouthExemplar(pixels, gaps, aperture, CheekSkin(frame, face, unit), frame.Index);
    }

    /// <summary>
    /// The captured colour (Y, U, V) at a point of the opening as it showed (down 0 at the upper lip's visible edge,
    /// a little above dlib's inner-lip points); arguments are clamped to the opening.
    /// </summary>
    public Vector3 Sample(float across, float down)
    {
        var x = (Math.Clamp(across, -1, 1) + 1) / 2 * (Columns - 1);
        var y = Math.Clamp(down, 0, 1) * (Rows - 1);
        var (x0, y0) = (Math.Min((int)x, Columns - 2), Math.Min((int)y, Rows - 2));
        var (fx, fy) = (x - x0, y - y0);
        var top = Vector3.Lerp(_pixels[y0 * Columns + x0], _pixels[y0 * Columns + x0 + 1], fx);
        var bottom = Vector3.Lerp(_pixels[(y0 + 1) * Columns + x0], _pixels[(y0 + 1) * Columns + x0 + 1], fx);
        return Vector3.Lerp(top, bottom, fy);
    }

    /// <summary>Height of the captured opening at <paramref name="across"/> (−1…1), in inter-ocular distances.</summary>
    public float GapAt(float across)
    {
        var x = (Math.Clamp(across, -1, 1) + 1) / 2 * (Columns - 1);
        var x0 = Math.Min((int)x, Columns - 2);
        return _gaps[x0] + (x - x0) * (_gaps[x0 + 1] - _gaps[x0]);
    }

    private static float AcrossOf(int column) => -1 + 2f * column / (Columns - 1);

    private static bool MouthInside(VideoFrame frame, FaceLandmarks face)
    {
        for (var i = 48; i < FaceLandmarks.Count; i++)
        {
            var point = face[i];
            if (point.X < 1 || point.Y < 1 || point.X > frame.Width - 2 || point.Y > frame.Height - 2)
                return false;
        }
        return true;
    }

    private static Vector3 SampleFrame(VideoFrame frame, Vector2 at)
    {
        // Chroma sample (cx, cy) is centred on luma 2cx + 0.5.
        var chroma = (at - new Vector2(0.5f)) / 2;
        return new Vector3(
            Bilinear(frame.Y, frame.Width, frame.Height, at),
            Bilinear(frame.U, frame.ChromaWidth, frame.ChromaHeight, chroma),
            Bilinear(frame.V, frame.ChromaWidth, frame.ChromaHeight, chroma));
    }

    private static float Bilinear(ReadOnlySpan<byte> plane, int width, int height, Vector2 at)
    {
        var x = Math.Clamp(at.X, 0, width - 1.001f);
        var y = Math.Clamp(at.Y, 0, height - 1.001f);
        var (x0, y0) = ((int)x, (int)y);
        var (fx, fy) = (x - x0, y - y0);
        var row = y0 * width + x0;
        var top = plane[row] + fx * (plane[row + 1] - plane[row]);
        var bottom = plane[row + width] + fx * (plane[row + width + 1] - plane[row + width]);
        return top + fy * (bottom - top);
    }

    // The same two cheek patches MouthRenderer measures for the canvas's skin tone, so the two can be compared for relighting.
    private static Vector3 CheekSkin(VideoFrame frame, FaceLandmarks face, float unit)
    {
        var radius = Math.Max(2, (int)(0.05f * unit));
        var sum = Vector3.Zero;
        foreach (var (corner, jaw) in LowerFaceRegion.CheekDirections)
        {
            var cheek = face[corner] + 0.45f * (face[jaw] - face[corner]);
            var chroma = (cheek - new Vector2(0.5f)) / 2;
            sum += new Vector3(
                PatchMean(frame.Y, frame.Width, frame.Height, cheek, radius),
                PatchMean(frame.U, frame.ChromaWidth, frame.ChromaHeight, chroma, radius / 2),
                PatchMean(frame.V, frame.ChromaWidth, frame.ChromaHeight, chroma, radius / 2));
        }
        return sum / LowerFaceRegion.CheekDirections.Length;
    }

    private static float PatchMean(ReadOnlySpan<byte> plane, int width, int height, Vector2 center, int radius)
    {
        var (cx, cy) = ((int)center.X, (int)center.Y);
        var sum = 0;
        var count = 0;
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(height - 1, cy + radius); y++)
        {
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(width - 1, cx + radius); x++)
            {
                sum += plane[y * width + x];
                count++;
            }
        }
        return count == 0 ? 128 : (float)sum / count;
    }
}
