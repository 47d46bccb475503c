using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// The part of one frame a mouth render may write: the lower-face box (and its chroma box), an untouched copy
/// of it to read from while the frame is changed, and the feather that fades every change out toward the box's
/// edge. Reused from frame to frame.
/// </summary>
internal sealed class LowerFaceRegion
{
    // Skin is sampled on each cheek, part way from the mouth corner toward the jaw.
    internal static readonly (int Corner, int Jaw)[] CheekDirections = [(48, 4), (54, 12)];

    private float[] _columnWeights = [];
    private float[] _rowWeights = [];
    private float[] _chromaColumnWeights = [];
    private float[] _chromaRowWeights = [];

    public PixelRect Box { get; private set; }

    public PixelRect Chroma { get; private set; }

    public PaddedPlaneCopy OriginalY { get; } = new();

    public PaddedPlaneCopy OriginalU { get; } = new();

    public PaddedPlaneCopy OriginalV { get; } = new();

    /// <summary>Feather weight per box column and row (luma), and per chroma-box column and row.</summary>
    public ReadOnlySpan<float> ColumnWeights => _columnWeights.AsSpan(0, Box.Width);

    public ReadOnlySpan<float> RowWeights => _rowWeights.AsSpan(0, Box.Height);

    public ReadOnlySpan<float> ChromaColumnWeights => _chromaColumnWeights.AsSpan(0, Chroma.Width);

    public ReadOnlySpan<float> ChromaRowWeights => _chromaRowWeights.AsSpan(0, Chroma.Height);

    /// <summary>Takes <paramref name="box"/> of <paramref name="frame"/> as the region of this frame's render.</summary>
    public void Capture(VideoFrame frame, PixelRect box, float featherFraction)
    {
        Box = box;
        Chroma = new PixelRect(box.Left / 2, box.Top / 2, (box.Width + 1) / 2, (box.Height + 1) / 2);
        OriginalY.CopyFrom(Luma(frame));
        OriginalU.CopyFrom(ChromaPlane(frame.U, frame));
        OriginalV.CopyFrom(ChromaPlane(frame.V, frame));
        var feather = featherFraction * Math.Min(box.Width, box.Height);
        FillFeather(ref _columnWeights, box.Width, feather);
        FillFeather(ref _rowWeights, box.Height, feather);
        FillFeather(ref _chromaColumnWeights, Chroma.Width, feather / 2);
        FillFeather(ref _chromaRowWeights, Chroma.Height, feather / 2);
    }

    public PlaneRegion Luma(VideoFrame frame) => new(frame.Y, frame.Width, Box.Left, Box.Top, Box.Width, Box.Height);

    public PlaneRegion ChromaPlane(Span<byte> plane, VideoFrame frame) =>
        new(plane, frame.ChromaWidth, Chroma.Left, Chroma.Top,
            Math.Min(Chroma.Width, frame.ChromaWidth - Chroma.Left), Math.Min(Chroma.Height, frame.ChromaHeight - Chroma.Top));

    /// <summary>Mean colour (Y, U, V) of two cheek patches beside the mouth, read from the untouched copy.</summary>
    public Vector3 SkinTone(FaceLandmarks source, float unit)
    {
        var radius = Math.Max(2, (int)(0.05f * unit));
        var sum = Vector3.Zero;
        foreach (var (corner, jaw) in CheekDirections)
        {
            var cheek = source[corner] + 0.45f * (source[jaw] - source[corner]);
            var luma = PatchMean(OriginalY, Box, cheek, radius);
            var chromaCenter = (cheek - new Vector2(0.5f)) / 2;
            sum += new Vector3(luma, PatchMean(OriginalU, Chroma, chromaCenter, radius / 2), PatchMean(OriginalV, Chroma, chromaCenter, radius / 2));
        }
        return sum / CheekDirections.Length;
    }

    private static float PatchMean(PaddedPlaneCopy plane, PixelRect region, Vector2 center, int radius)
    {
        var cx = Math.Clamp((int)center.X - region.Left, radius, Math.Max(radius, plane.Width - 1 - radius));
        var cy = Math.Clamp((int)center.Y - region.Top, radius, Math.Max(radius, plane.Height - 1 - radius));
        var sum = 0;
        var count = 0;
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(plane.Height - 1, cy + radius); y++)
        {
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(plane.Width - 1, cx + radius); x++)
            {
                sum += plane[x, y];
                count++;
            }
        }
        return count == 0 ? 128 : (float)sum / count;
    }

    private static void FillFeather(ref float[] weights, int length, float feather)
    {
        if (weights.Length < length)
            weights = new float[length];
        for (var i = 0; i < length; i++)
            weights[i] = SmoothStep(Math.Min(i, length - 1 - i) / Math.Max(feather, 1));
    }

    internal static float SmoothStep(float t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - 2 * t);
    }
}
