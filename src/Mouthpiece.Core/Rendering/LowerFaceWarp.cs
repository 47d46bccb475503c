using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Moves the lower face's pixels from the source landmarks to the target ones: control points on lips, jaw, nose
/// base and a ring of fixed anchors on the box's edge, triangulated, and each triangle warped (inverse affine,
/// bilinear) from the untouched copy of the region, feathered into the frame. Keeps its buffers between frames.
/// </summary>
internal sealed class LowerFaceWarp(MouthRendererOptions options)
{
    private const int AnchorsPerSide = 4;
    private const int MaxControlPoints = FaceLandmarks.Count + 8 + 4 * AnchorsPerSide;

    // Landmarks that steer the warp: lips and jaw move, the nose's base holds the upper lip's surroundings still.
    internal static readonly int[] MovingLandmarks = [.. Enumerable.Range(48, 20), .. Enumerable.Range(2, 13)];
    internal static readonly int[] StillLandmarks = [31, 32, 33, 34, 35];
    private static readonly (int Upper, int Lower, int OuterUpper, int OuterLower)[] InnerLipPairs =
        [(61, 67, 50, 58), (62, 66, 51, 57), (63, 65, 52, 56)];
    private static readonly (int From, int To)[] InnerLipSegments =
        [(60, 61), (61, 62), (62, 63), (63, 64), (60, 67), (67, 66), (66, 65), (65, 64)];

    private readonly Delaunay _delaunay = new();
    private readonly List<(int A, int B, int C)> _triangles = [];
    private readonly Vector2[] _source = new Vector2[FaceLandmarks.Count];
    private readonly Vector2[] _topology = new Vector2[FaceLandmarks.Count];
    private readonly Vector2[] _controlSource = new Vector2[MaxControlPoints];
    private readonly Vector2[] _controlTarget = new Vector2[MaxControlPoints];
    private readonly Vector2[] _controlTopology = new Vector2[MaxControlPoints];
    private readonly bool[] _onInnerLip = new bool[MaxControlPoints];
    private readonly Vector2[] _chromaSource = new Vector2[MaxControlPoints];
    private readonly Vector2[] _chromaTarget = new Vector2[MaxControlPoints];

    /// <summary>Warps the region of <paramref name="frame"/> so <paramref name="source"/>'s mouth lands on <paramref name="target"/>.</summary>
    public void Warp(VideoFrame frame, LowerFaceRegion region, FaceLandmarks source, ReadOnlySpan<Vector2> target, MouthNeutral neutral)
    {
        var controls = CollectControlPoints(source, target, neutral, region.Box);
        _delaunay.Triangulate(_controlTopology.AsSpan(0, controls), _triangles);
        DrawCavityFirst();
        WarpPlanes(frame, region, controls);
    }

    // Fills the control-point arrays (source, target, and the layout the triangles are chosen on); returns their count.
    private int CollectControlPoints(FaceLandmarks source, ReadOnlySpan<Vector2> target, MouthNeutral neutral, PixelRect box)
    {
        // Triangles are chosen on a mouth opened at least moderately, so the inner lips never coincide there and
        // the same triangles serve a closed source, an open target and everything between.
        var sourceShape = MouthGeometry.ShapeOf(source, neutral, options);
        var topologyShape = sourceShape with { Openness = Math.Max(sourceShape.Openness, 0.6f) };
        MouthGeometry.Target(source, topologyShape, neutral, options, _topology);
        WidenSourceOpening(source, target);
        var count = 0;
        foreach (var i in MovingLandmarks)
        {
            var offBox = !MouthRenderer.Inside(_source[i], box, 2) || !MouthRenderer.Inside(target[i], box, 2);
            if (offBox)
                continue; // a jaw point off the box: the box's anchors stand in for it
            Add(ref count, _source[i], target[i], _topology[i], onInnerLip: i >= 60);
        }
        foreach (var (from, to) in InnerLipSegments)
        {
            Add(ref count, InnerLipCurve.CurveMiddle(_source, from, to), InnerLipCurve.CurveMiddle(target, from, to),
                InnerLipCurve.CurveMiddle(_topology, from, to), onInnerLip: true);
        }
        foreach (var i in StillLandmarks)
        {
            if (MouthRenderer.Inside(source[i], box, 2))
                Add(ref count, source[i], source[i], source[i], onInnerLip: false);
        }
        foreach (var anchor in Anchors(box))
            Add(ref count, anchor, anchor, anchor, onInnerLip: false);
        SeparateCoincidentPoints(count);
        return count;
    }

    /// <summary>
    /// dlib puts the inner-lip points a little inside the visible opening, so a mouth closed exactly onto them
    /// keeps a dark sliver of the old cavity. Where the target closes, the source opening is taken as that much
    /// larger (lips meet on lip, not on teeth); where it does not close, the source stays exact.
    /// </summary>
    private void WidenSourceOpening(FaceLandmarks source, ReadOnlySpan<Vector2> target)
    {
        source.Points.CopyTo(_source, 0);
        var mouth = MouthFrame.Of(source.Points);
        foreach (var (upper, lower, outerUpper, outerLower) in InnerLipPairs)
        {
            var gap = mouth.Down(source[lower] - source[upper]);
            if (gap < 2)
                continue;
            var closing = Math.Clamp(1 - mouth.Down(target[lower] - target[upper]) / gap, 0, 1);
            var push = options.CavityMargin * gap * closing;
            // Never more than a third of a lip, so a thin lip keeps its own texture rather than a stretched rim.
            _source[upper] -= mouth.DownAxis * Math.Min(push, ThirdOfLip(mouth, source[upper], source[outerUpper]));
            _source[lower] += mouth.DownAxis * Math.Min(push, ThirdOfLip(mouth, source[outerLower], source[lower]));
        }
        var middleGap = mouth.Down(source[66] - source[62]);
        if (middleGap < 2)
            return;
        var middleClosing = Math.Clamp(1 - mouth.Down(target[66] - target[62]) / middleGap, 0, 1);
        // dlib's inner corners sit well inside a wide opening's real corners: those widen more, almost to the outer corners.
        var sideways = 1.5f * options.CavityMargin * middleGap * middleClosing;
        _source[60] -= mouth.AcrossAxis * Math.Min(sideways, 0.9f * Vector2.Distance(source[60], source[48]));
        _source[64] += mouth.AcrossAxis * Math.Min(sideways, 0.9f * Vector2.Distance(source[64], source[54]));
    }

    private static float ThirdOfLip(MouthFrame mouth, Vector2 lowerEdge, Vector2 upperEdge) =>
        Math.Max(0, mouth.Down(lowerEdge - upperEdge)) / 3;

    private void Add(ref int count, Vector2 source, Vector2 target, Vector2 topology, bool onInnerLip)
    {
        _onInnerLip[count] = onInnerLip;
        _controlSource[count] = source;
        _controlTarget[count] = target;
        _controlTopology[count] = topology;
        count++;
    }

    /// <summary>
    /// Triangles between the inner lips carry the source's cavity. When lips close they shrink to slivers whose
    /// edge pixels would still sample teeth, so they go first and the lips drawn after them win every shared pixel.
    /// </summary>
    private void DrawCavityFirst()
    {
        var next = 0;
        for (var i = 0; i < _triangles.Count; i++)
        {
            var (a, b, c) = _triangles[i];
            if (_onInnerLip[a] && _onInnerLip[b] && _onInnerLip[c])
                (_triangles[next], _triangles[i]) = (_triangles[i], _triangles[next++]);
        }
    }

    // A ring of fixed points on the box's outermost pixels: the warp is exactly the identity along the border.
    private static IEnumerable<Vector2> Anchors(PixelRect box)
    {
        float left = box.Left, top = box.Top, right = box.Right - 1, bottom = box.Bottom - 1;
        for (var k = 0; k < AnchorsPerSide; k++)
        {
            var t = (float)k / AnchorsPerSide;
            yield return new Vector2(left + t * (right - left), top);
            yield return new Vector2(right, top + t * (bottom - top));
            yield return new Vector2(right - t * (right - left), bottom);
            yield return new Vector2(left, bottom - t * (bottom - top));
        }
    }

    // Delaunay needs distinct points; landmarks can land on the same pixel. Only the triangle layout is nudged.
    private void SeparateCoincidentPoints(int count)
    {
        for (var i = 1; i < count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Vector2.DistanceSquared(_controlTopology[i], _controlTopology[j]) < 0.01f)
                    _controlTopology[i] += new Vector2(0.37f, 0.23f);
            }
        }
    }

    private void WarpPlanes(VideoFrame frame, LowerFaceRegion region, int controls)
    {
        var source = _controlSource.AsSpan(0, controls);
        var target = _controlTarget.AsSpan(0, controls);
        TriangleWarper.Warp(region.Luma(frame), region.OriginalY, source, target, _triangles, region.ColumnWeights, region.RowWeights);
        // Chroma sample (cx, cy) covers luma pixels 2cx..2cx+1, so its centre is at luma 2cx + 0.5.
        for (var i = 0; i < controls; i++)
        {
            _chromaSource[i] = (source[i] - new Vector2(0.5f)) / 2;
            _chromaTarget[i] = (target[i] - new Vector2(0.5f)) / 2;
        }
        var chromaSource = _chromaSource.AsSpan(0, controls);
        var chromaTarget = _chromaTarget.AsSpan(0, controls);
        TriangleWarper.Warp(region.ChromaPlane(frame.U, frame), region.OriginalU, chromaSource, chromaTarget, _triangles, region.ChromaColumnWeights, region.ChromaRowWeights);
        TriangleWarper.Warp(region.ChromaPlane(frame.V, frame), region.OriginalV, chromaSource, chromaTarget, _triangles, region.ChromaColumnWeights, region.ChromaRowWeights);
    }
}
