using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Re-shapes the mouth in one frame: warps the lower face from the source landmarks to the target
/// shape's landmarks, fills the opening where it grows beyond the source's, and feathers the result
/// into the frame. Only the lower-face box returned by <see cref="Render(VideoFrame, FaceLandmarks, MouthShape)"/>
/// is written. Keeps its buffers between frames, so one instance serves one render at a time.
/// </summary>
public sealed class MouthRenderer
{
    private const int AnchorsPerSide = 4;
    private const float SeamHalfWidth = 1.6f;
    private const float SeamShade = 0.9f;
    private const int MaxControlPoints = FaceLandmarks.Count + 8 + 4 * AnchorsPerSide;

    // Landmarks that steer the warp: lips and jaw move, the nose's base holds the upper lip's surroundings still.
    private static readonly int[] MovingLandmarks = [.. Enumerable.Range(48, 20), .. Enumerable.Range(2, 13)];
    private static readonly int[] StillLandmarks = [31, 32, 33, 34, 35];
    private static readonly (int Upper, int Lower, int OuterUpper, int OuterLower)[] InnerLipPairs =
        [(61, 67, 50, 58), (62, 66, 51, 57), (63, 65, 52, 56)];
    internal static readonly int[] UpperChain = [60, 61, 62, 63, 64];
    internal static readonly int[] LowerChain = [60, 67, 66, 65, 64];
    // Skin is sampled on each cheek, part way from the mouth corner toward the jaw.
    internal static readonly (int Corner, int Jaw)[] CheekDirections = [(48, 4), (54, 12)];
    private static readonly (int From, int To)[] InnerLipSegments =
        [(60, 61), (61, 62), (62, 63), (63, 64), (60, 67), (67, 66), (66, 65), (65, 64)];

    private readonly IInnerMouthPainter _innerMouth;
    private readonly Delaunay _delaunay = new();
    private readonly List<(int A, int B, int C)> _triangles = [];
    private readonly Vector2[] _source = new Vector2[FaceLandmarks.Count];
    private readonly Vector2[] _target = new Vector2[FaceLandmarks.Count];
    private readonly Vector2[] _topology = new Vector2[FaceLandmarks.Count];
    private readonly Vector2[] _controlSource = new Vector2[MaxControlPoints];
    private readonly Vector2[] _controlTarget = new Vector2[MaxControlPoints];
    private readonly Vector2[] _controlTopology = new Vector2[MaxControlPoints];
    private readonly bool[] _onInnerLip = new bool[MaxControlPoints];
    private readonly Vector2[] _chromaSource = new Vector2[MaxControlPoints];
    private readonly Vector2[] _chromaTarget = new Vector2[MaxControlPoints];
    private readonly Vector2[] _upperLip = new Vector2[9];
    private readonly Vector2[] _lowerLip = new Vector2[9];
    private readonly InnerMouthCanvas _canvas = new();
    private readonly PaddedPlaneCopy _originalY = new();
    private readonly PaddedPlaneCopy _originalU = new();
    private readonly PaddedPlaneCopy _originalV = new();
    private float[] _columnWeights = [];
    private float[] _rowWeights = [];
    private float[] _chromaColumnWeights = [];
    private float[] _chromaRowWeights = [];
    private float[] _coverage = [];

    public MouthRenderer(MouthRendererOptions? options = null, IInnerMouthPainter? innerMouth = null)
    {
        Options = options ?? MouthRendererOptions.Default;
        _innerMouth = innerMouth ?? new SyntheticInnerMouthPainter();
    }

    public MouthRendererOptions Options { get; }

    /// <summary>Renders with the source frame's own mouth as the neutral reference for width.</summary>
    /// <returns>The lower-face box that was rendered (empty when the mouth is not safely inside the frame).</returns>
    public PixelRect Render(VideoFrame frame, FaceLandmarks source, MouthShape target) =>
        Render(frame, source, target, MouthNeutral.FromFace(source, Options));

    /// <summary>
    /// Changes <paramref name="frame"/> in place so its face shows <paramref name="target"/>; <paramref name="source"/>
    /// are the face's landmarks as this frame shows it, <paramref name="neutral"/> the face's relaxed mouth
    /// (e.g. <see cref="MouthNeutral.FromFaces"/> over the whole video, for steady widths).
    /// </summary>
    /// <returns>The lower-face box that was rendered (empty when the mouth is not safely inside the frame).</returns>
    public PixelRect Render(VideoFrame frame, FaceLandmarks source, MouthShape target, MouthNeutral neutral)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(source);
        MouthGeometry.Target(source, target, neutral, Options, _target);
        var box = LowerFaceBox(source.Points, _target, frame.Width, frame.Height);
        if (box.IsEmpty)
            return box;
        var controls = CollectControlPoints(source, target, neutral, box);
        _delaunay.Triangulate(_controlTopology.AsSpan(0, controls), _triangles);
        DrawCavityFirst();
        var chroma = ChromaBox(box);
        KeepOriginal(frame, box, chroma);
        PrepareFeather(box, chroma);
        WarpPlanes(frame, box, chroma, controls);
        SoftenClosedSeam(frame, source, box);
        FillOpening(frame, source, box, chroma);
        return box;
    }

    /// <summary>
    /// The box around nose base, lips and jaw (before and after the move) with room to spare, on even pixels
    /// so the chroma planes line up; empty when the mouth would touch the frame's edge.
    /// </summary>
    internal static PixelRect LowerFaceBox(ReadOnlySpan<Vector2> source, ReadOnlySpan<Vector2> target, int width, int height)
    {
        var unit = MouthFrame.Of(source).Unit;
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var i in MovingLandmarks)
        {
            min = Vector2.Min(min, Vector2.Min(source[i], target[i]));
            max = Vector2.Max(max, Vector2.Max(source[i], target[i]));
        }
        var noseBase = float.MaxValue;
        foreach (var i in StillLandmarks)
            noseBase = Math.Min(noseBase, source[i].Y);
        var left = Even(Math.Max(0, (int)MathF.Floor(min.X - 0.1f * unit)));
        var top = Even(Math.Max(0, (int)MathF.Floor(noseBase - 0.1f * unit)));
        var right = Math.Min(width, Even((int)MathF.Ceiling(max.X + 0.1f * unit) + 1));
        var bottom = Math.Min(height, Even((int)MathF.Ceiling(max.Y + 0.25f * unit) + 1));
        var box = new PixelRect(left, top, right - left, bottom - top);
        return MouthFitsInside(source, target, box) ? box : default;
    }

    private static int Even(int value) => value & ~1;

    private static bool MouthFitsInside(ReadOnlySpan<Vector2> source, ReadOnlySpan<Vector2> target, PixelRect box)
    {
        for (var i = 48; i < 68; i++)
        {
            if (!Inside(source[i], box, 2) || !Inside(target[i], box, 2))
                return false;
        }
        return true;
    }

    private static bool Inside(Vector2 point, PixelRect box, float margin) =>
        point.X >= box.Left + margin && point.X <= box.Right - 1 - margin && point.Y >= box.Top + margin && point.Y <= box.Bottom - 1 - margin;

    // Fills the control-point arrays (source, target, and the layout the triangles are chosen on); returns their count.
    private int CollectControlPoints(FaceLandmarks source, MouthShape target, MouthNeutral neutral, PixelRect box)
    {
        // Triangles are chosen on a mouth opened at least moderately, so the inner lips never coincide there and
        // the same triangles serve a closed source, an open target and everything between.
        var sourceShape = MouthGeometry.ShapeOf(source, neutral, Options);
        var topologyShape = sourceShape with { Openness = Math.Max(sourceShape.Openness, 0.6f) };
        MouthGeometry.Target(source, topologyShape, neutral, Options, _topology);
        WidenSourceOpening(source);
        var count = 0;
        foreach (var i in MovingLandmarks)
        {
            var offBox = !Inside(_source[i], box, 2) || !Inside(_target[i], box, 2);
            if (offBox)
                continue; // a jaw point off the box: the box's anchors stand in for it
            Add(ref count, _source[i], _target[i], _topology[i], onInnerLip: i >= 60);
        }
        foreach (var (from, to) in InnerLipSegments)
            Add(ref count, CurveMiddle(_source, from, to), CurveMiddle(_target, from, to), CurveMiddle(_topology, from, to), onInnerLip: true);
        foreach (var i in StillLandmarks)
        {
            if (Inside(source[i], box, 2))
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
    private void WidenSourceOpening(FaceLandmarks source)
    {
        source.Points.CopyTo(_source, 0);
        var mouth = MouthFrame.Of(source.Points);
        foreach (var (upper, lower, outerUpper, outerLower) in InnerLipPairs)
        {
            var gap = mouth.Down(source[lower] - source[upper]);
            if (gap < 2)
                continue;
            var closing = Math.Clamp(1 - mouth.Down(_target[lower] - _target[upper]) / gap, 0, 1);
            var push = Options.CavityMargin * gap * closing;
            // Never more than a third of a lip, so a thin lip keeps its own texture rather than a stretched rim.
            _source[upper] -= mouth.DownAxis * Math.Min(push, ThirdOfLip(mouth, source[upper], source[outerUpper]));
            _source[lower] += mouth.DownAxis * Math.Min(push, ThirdOfLip(mouth, source[outerLower], source[lower]));
        }
        var middleGap = mouth.Down(source[66] - source[62]);
        if (middleGap < 2)
            return;
        var middleClosing = Math.Clamp(1 - mouth.Down(_target[66] - _target[62]) / middleGap, 0, 1);
        // dlib's inner corners sit well inside a wide opening's real corners: those widen more, almost to the outer corners.
        var sideways = 1.5f * Options.CavityMargin * middleGap * middleClosing;
        _source[60] -= mouth.AcrossAxis * Math.Min(sideways, 0.9f * Vector2.Distance(source[60], source[48]));
        _source[64] += mouth.AcrossAxis * Math.Min(sideways, 0.9f * Vector2.Distance(source[64], source[54]));
    }

    private static float ThirdOfLip(MouthFrame mouth, Vector2 lowerEdge, Vector2 upperEdge) =>
        Math.Max(0, mouth.Down(lowerEdge - upperEdge)) / 3;

    // The point halfway along a Catmull-Rom curve around the inner-lip loop: openings are curved, not polygons,
    // and going round the loop (not stopping at the corners) lets the curve bulge out to the corners as real ones do.
    internal static Vector2 CurveMiddle(ReadOnlySpan<Vector2> points, int from, int to)
    {
        var before = LoopNeighbour(from, away: to);
        var after = LoopNeighbour(to, away: from);
        return (-points[before] + 9 * points[from] + 9 * points[to] - points[after]) / 16;
    }

    // The neighbour of an inner-lip point (60–67, a loop) on the side away from the given one.
    private static int LoopNeighbour(int point, int away)
    {
        var next = point == 67 ? 60 : point + 1;
        var previous = point == 60 ? 67 : point - 1;
        return next == away ? previous : next;
    }

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

    private static PixelRect ChromaBox(PixelRect box) =>
        new(box.Left / 2, box.Top / 2, (box.Width + 1) / 2, (box.Height + 1) / 2);

    private void KeepOriginal(VideoFrame frame, PixelRect box, PixelRect chroma)
    {
        _originalY.CopyFrom(LumaRegion(frame, box));
        _originalU.CopyFrom(ChromaRegion(frame.U, frame, chroma));
        _originalV.CopyFrom(ChromaRegion(frame.V, frame, chroma));
    }

    private static PlaneRegion LumaRegion(VideoFrame frame, PixelRect box) =>
        new(frame.Y, frame.Width, box.Left, box.Top, box.Width, box.Height);

    private static PlaneRegion ChromaRegion(Span<byte> plane, VideoFrame frame, PixelRect chroma) =>
        new(plane, frame.ChromaWidth, chroma.Left, chroma.Top,
            Math.Min(chroma.Width, frame.ChromaWidth - chroma.Left), Math.Min(chroma.Height, frame.ChromaHeight - chroma.Top));

    private void PrepareFeather(PixelRect box, PixelRect chroma)
    {
        var feather = Options.FeatherFraction * Math.Min(box.Width, box.Height);
        FillFeather(ref _columnWeights, box.Width, feather);
        FillFeather(ref _rowWeights, box.Height, feather);
        FillFeather(ref _chromaColumnWeights, chroma.Width, feather / 2);
        FillFeather(ref _chromaRowWeights, chroma.Height, feather / 2);
    }

    private static void FillFeather(ref float[] weights, int length, float feather)
    {
        Grow(ref weights, length);
        for (var i = 0; i < length; i++)
            weights[i] = SmoothStep(Math.Min(i, length - 1 - i) / Math.Max(feather, 1));
    }

    private void WarpPlanes(VideoFrame frame, PixelRect box, PixelRect chroma, int controls)
    {
        var source = _controlSource.AsSpan(0, controls);
        var target = _controlTarget.AsSpan(0, controls);
        TriangleWarper.Warp(LumaRegion(frame, box), _originalY, source, target, _triangles, _columnWeights, _rowWeights);
        // Chroma sample (cx, cy) covers luma pixels 2cx..2cx+1, so its centre is at luma 2cx + 0.5.
        for (var i = 0; i < controls; i++)
        {
            _chromaSource[i] = (source[i] - new Vector2(0.5f)) / 2;
            _chromaTarget[i] = (target[i] - new Vector2(0.5f)) / 2;
        }
        var chromaSource = _chromaSource.AsSpan(0, controls);
        var chromaTarget = _chromaTarget.AsSpan(0, controls);
        var region = ChromaRegion(frame.U, frame, chroma);
        TriangleWarper.Warp(region, _originalU, chromaSource, chromaTarget, _triangles, _chromaColumnWeights, _chromaRowWeights);
        TriangleWarper.Warp(ChromaRegion(frame.V, frame, chroma), _originalV, chromaSource, chromaTarget, _triangles, _chromaColumnWeights, _chromaRowWeights);
    }

    private void FillOpening(VideoFrame frame, FaceLandmarks source, PixelRect box, PixelRect chroma)
    {
        var mouth = MouthFrame.Of(source.Points);
        var sourceGap = mouth.Down(source[66] - source[62]);
        var targetGap = mouth.Down(_target[66] - _target[62]);
        var fill = FillAmount(sourceGap, targetGap);
        if (fill <= 0 || targetGap < 1)
            return;
        var bounds = OpeningBounds(box);
        if (bounds.IsEmpty)
            return;
        _canvas.Reset(bounds, _target.AsSpan(60, 8), targetGap, mouth.Unit, SkinTone(source, mouth, box, chroma), frame.Index);
        MapOpening(bounds);
        _innerMouth.Paint(_canvas);
        BlendOpening(frame, box, chroma, fill);
    }

    // The person's own cavity, stretched, looks right for modest openings; beyond about twice its size it is painted over.
    private static float FillAmount(float sourceGap, float targetGap)
    {
        if (sourceGap < 0.5f)
            return 1;
        return SmoothStep((targetGap / sourceGap - 1.15f) / (2.2f - 1.15f));
    }

    private PixelRect OpeningBounds(PixelRect box)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        for (var i = 60; i < 68; i++)
        {
            min = Vector2.Min(min, _target[i]);
            max = Vector2.Max(max, _target[i]);
        }
        var left = Math.Max(box.Left, Even((int)min.X - 2));
        var top = Math.Max(box.Top, Even((int)min.Y - 2));
        var right = Math.Min(box.Right, Even((int)max.X + 4));
        var bottom = Math.Min(box.Bottom, Even((int)max.Y + 4));
        return new PixelRect(left, top, right - left, bottom - top);
    }

    // For every canvas pixel: where it sits in the opening (for the painter) and how much of it is opening (for the blend).
    private void MapOpening(PixelRect bounds)
    {
        var (center, axis, down, halfWidth) = TraceTargetInnerLips();
        Grow(ref _coverage, bounds.Width * bounds.Height);
        var edge = Math.Max(Options.InnerMouthEdgePixels, 0.1f);
        for (var y = 0; y < bounds.Height; y++)
        {
            for (var x = 0; x < bounds.Width; x++)
            {
                var local = ToMouth(new Vector2(bounds.Left + x, bounds.Top + y), center, axis, down);
                var top = Contour(_upperLip, local.X);
                var bottom = Contour(_lowerLip, local.X);
                var i = y * bounds.Width + x;
                _canvas.WritableAcross[i] = local.X / halfWidth;
                _canvas.WritableDown[i] = (local.Y - top) / Math.Max(bottom - top, 0.5f);
                _canvas.WritableDepth[i] = local.Y - top;
                // Zero on the lip contour itself, so lips that meet get no dark line from here.
                _coverage[i] = Math.Clamp(2 * Math.Min(local.Y - top, bottom - local.Y) / edge, 0, 1);
            }
        }
    }

    // Fills the upper and lower inner-lip curves in the target mouth's own axes (across, down from the centre).
    private (Vector2 Center, Vector2 Axis, Vector2 Down, float HalfWidth) TraceTargetInnerLips()
    {
        var corners = (Left: _target[60], Right: _target[64]);
        var axis = Vector2.Normalize(corners.Right - corners.Left + new Vector2(1e-6f, 0));
        var down = new Vector2(-axis.Y, axis.X);
        var center = (corners.Left + corners.Right) / 2;
        for (var k = 0; k < UpperChain.Length; k++)
        {
            _upperLip[2 * k] = ToMouth(_target[UpperChain[k]], center, axis, down);
            _lowerLip[2 * k] = ToMouth(_target[LowerChain[k]], center, axis, down);
            if (k == 0)
                continue;
            _upperLip[2 * k - 1] = ToMouth(CurveMiddle(_target, UpperChain[k - 1], UpperChain[k]), center, axis, down);
            _lowerLip[2 * k - 1] = ToMouth(CurveMiddle(_target, LowerChain[k - 1], LowerChain[k]), center, axis, down);
        }
        return (center, axis, down, Math.Max(Vector2.Distance(corners.Left, corners.Right) / 2, 1));
    }

    /// <summary>
    /// Lips brought together from an open source meet along a line where two unrelated parts of the source
    /// (upper and lower lip rims) touch pixel-sharp. Real closed lips show a soft, slightly dark seam there.
    /// </summary>
    private void SoftenClosedSeam(VideoFrame frame, FaceLandmarks source, PixelRect box)
    {
        var mouth = MouthFrame.Of(source.Points);
        if (mouth.Down(source[66] - source[62]) < 2 || mouth.Down(_target[66] - _target[62]) > 1)
            return;
        var (center, axis, down, _) = TraceTargetInnerLips();
        var bounds = OpeningBounds(box);
        var plane = frame.Y;
        for (var y = Math.Max(bounds.Top, box.Top + 1); y < Math.Min(bounds.Bottom, box.Bottom - 1); y++)
        {
            var row = plane.Slice(y * frame.Width, frame.Width);
            var above = plane.Slice((y - 1) * frame.Width, frame.Width);
            var below = plane.Slice((y + 1) * frame.Width, frame.Width);
            for (var x = bounds.Left; x < bounds.Right; x++)
            {
                var local = ToMouth(new Vector2(x, y), center, axis, down);
                var distance = Math.Abs(local.Y - Contour(_upperLip, local.X));
                if (distance >= SeamHalfWidth || local.X <= _upperLip[0].X || local.X >= _upperLip[^1].X)
                    continue;
                var weight = (1 - distance / SeamHalfWidth) * _rowWeights[y - box.Top] * _columnWeights[x - box.Left];
                var seam = SeamShade * (above[x] + row[x] + below[x]) / 3f;
                row[x] = (byte)(row[x] + weight * (seam - row[x]) + 0.5f);
            }
        }
    }

    private static Vector2 ToMouth(Vector2 point, Vector2 center, Vector2 axis, Vector2 down) =>
        new(Vector2.Dot(point - center, axis), Vector2.Dot(point - center, down));

    // Piecewise-linear lip line through (across, down) points from one corner to the other; flat beyond the corners.
    internal static float Contour(ReadOnlySpan<Vector2> lip, float across)
    {
        if (across <= lip[0].X)
            return lip[0].Y;
        for (var k = 1; k < lip.Length; k++)
        {
            if (across <= lip[k].X)
            {
                var span = lip[k].X - lip[k - 1].X;
                var t = span > 1e-4f ? (across - lip[k - 1].X) / span : 1;
                return lip[k - 1].Y + t * (lip[k].Y - lip[k - 1].Y);
            }
        }
        return lip[^1].Y;
    }

    private void BlendOpening(VideoFrame frame, PixelRect box, PixelRect chroma, float fill)
    {
        var bounds = _canvas.Bounds;
        var lumaRows = frame.Y;
        for (var y = 0; y < bounds.Height; y++)
        {
            var row = lumaRows.Slice((bounds.Top + y) * frame.Width + bounds.Left, bounds.Width);
            var layer = _canvas.Y.Slice(y * bounds.Width, bounds.Width);
            var rowWeight = fill * _rowWeights[bounds.Top + y - box.Top];
            for (var x = 0; x < bounds.Width; x++)
            {
                var weight = rowWeight * _columnWeights[bounds.Left + x - box.Left] * _coverage[y * bounds.Width + x];
                row[x] = (byte)(row[x] + weight * (layer[x] - row[x]) + 0.5f);
            }
        }
        BlendChroma(frame.U, _canvas.U, frame, box, chroma, fill);
        BlendChroma(frame.V, _canvas.V, frame, box, chroma, fill);
    }

    private void BlendChroma(Span<byte> plane, ReadOnlySpan<byte> layer, VideoFrame frame, PixelRect box, PixelRect chroma, float fill)
    {
        var bounds = _canvas.Bounds;
        var width = Math.Min(_canvas.ChromaWidth, frame.ChromaWidth - bounds.Left / 2);
        var height = Math.Min(_canvas.ChromaHeight, frame.ChromaHeight - bounds.Top / 2);
        for (var cy = 0; cy < height; cy++)
        {
            var row = plane.Slice((bounds.Top / 2 + cy) * frame.ChromaWidth + bounds.Left / 2, width);
            var layerRow = layer.Slice(cy * _canvas.ChromaWidth, width);
            var rowWeight = fill * _chromaRowWeights[bounds.Top / 2 + cy - chroma.Top];
            for (var cx = 0; cx < width; cx++)
            {
                var weight = rowWeight * _chromaColumnWeights[bounds.Left / 2 + cx - chroma.Left] * BlockCoverage(bounds.Width, cx, cy);
                row[cx] = (byte)(row[cx] + weight * (layerRow[cx] - row[cx]) + 0.5f);
            }
        }
    }

    private float BlockCoverage(int width, int cx, int cy)
    {
        var i = 2 * cy * width + 2 * cx;
        return (_coverage[i] + _coverage[i + 1] + _coverage[i + width] + _coverage[i + width + 1]) / 4;
    }

    // Mean colour of two cheek patches beside the mouth, read from the untouched copy of the box.
    private Vector3 SkinTone(FaceLandmarks source, MouthFrame mouth, PixelRect box, PixelRect chroma)
    {
        var radius = Math.Max(2, (int)(0.05f * mouth.Unit));
        var sum = Vector3.Zero;
        foreach (var (corner, jaw) in CheekDirections)
        {
            var cheek = source[corner] + 0.45f * (source[jaw] - source[corner]);
            var luma = PatchMean(_originalY, box, cheek, radius);
            var chromaCenter = (cheek - new Vector2(0.5f)) / 2;
            sum += new Vector3(luma, PatchMean(_originalU, chroma, chromaCenter, radius / 2), PatchMean(_originalV, chroma, chromaCenter, radius / 2));
        }
        return sum / 2;
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

    private static float SmoothStep(float t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - 2 * t);
    }

    private static void Grow<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
            buffer = new T[count];
    }
}
