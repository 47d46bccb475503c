using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// Lays an atlas sample's lower face over the current frame's: aligned by the parts of the face that speaking does
/// not move, colour-matched to the frame's own skin, and blended through a soft mask that follows the face (from
/// under the nose along the smile lines, inside the jaw, ending just inside the chin), so lips, teeth and cavity are
/// all the person's own. Keeps its colour correction from frame to frame; one instance serves one render.
/// </summary>
public sealed class SampleCompositor
{
    /// <summary>Brightness is matched by scaling at most this much either way; the rest is an offset.</summary>
    public const float MaxGainChange = 0.1f;

    // Share of the new colour correction taken each frame: light changes slowly, measurement noise does not.
    private const float CorrectionStep = 0.3f;

    private readonly Vector2[] _polygon = new Vector2[14];
    private ColourCorrection? _correction;
    private float[] _weights = [];  // one row of the mask's weights

    /// <summary>The correction applied to the last frame (for tests and the report).</summary>
    public ColourCorrection LastCorrection => _correction ?? ColourCorrection.None;

    /// <summary>Forgets the colour correction, e.g. where the face was lost.</summary>
    public void Reset() => _correction = null;

    /// <summary>Paints <paramref name="sample"/> into <paramref name="frame"/>, whose face has <paramref name="face"/> landmarks.</summary>
    /// <returns>The sample's landmarks as they land in this frame (its mouth now is the frame's mouth).</returns>
    public Vector2[] Paint(VideoFrame frame, FaceLandmarks face, MouthSample sample, SamplePixels pixels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(pixels);
        var toFrame = SimilarityTransform.Fit(sample.Landmarks, face.Points);
        var placed = sample.Landmarks.Select(toFrame.Apply).ToArray();
        var unit = Math.Max(face.InterOcularDistance, 1);
        BuildMask(face.Points, placed, unit);
        var mask = new SoftPolygon(_polygon, 0.14f * unit, frame.Width, frame.Height);
        if (mask.Bounds.Width < 4 || mask.Bounds.Height < 4)
            return placed;
        var toSample = toFrame.Inverse();
        if (_weights.Length < frame.Width)
            _weights = new float[frame.Width];
        var measured = ColourCorrection.Measure(frame, pixels, sample.Box, toSample, mask, _weights);
        _correction = _correction is { } previous ? previous.StepToward(measured, CorrectionStep) : measured;
        BlendLuma(frame, pixels, sample.Box, toSample, mask, _correction.Value, _weights);
        BlendChroma(frame, pixels, sample.Box, toSample, mask, _correction.Value, _weights);
        return placed;
    }

    /// <summary>
    /// The mask's outline in frame pixels: under the nose, out past each mouth corner along the smile line, down
    /// inside the jaw and round just inside the chin. Where the placed sample's chin sits higher than the frame's,
    /// the higher one bounds it, so no second chin line is pasted.
    /// </summary>
    private void BuildMask(Vector2[] face, Vector2[] placed, float unit)
    {
        var mouth = (face[48] + face[54]) / 2;
        var down = new Vector2(0, 0.07f * unit);
        Vector2 Inside(int jaw, float share)
        {
            var point = Lower(face[jaw], placed[jaw]);
            return point + share * (mouth - point);
        }
        Vector2 Outward(int corner, float share) => face[corner] + share * (face[corner] - mouth);
        var p = 0;
        _polygon[p++] = face[35] + down;
        _polygon[p++] = face[33] + down;
        _polygon[p++] = face[31] + down;
        _polygon[p++] = (face[31] + Outward(48, 0.35f)) / 2 + new Vector2(-0.04f * unit, 0);
        _polygon[p++] = Outward(48, 0.35f);
        _polygon[p++] = Inside(5, 0.25f);
        _polygon[p++] = Inside(6, 0.2f);
        _polygon[p++] = Inside(7, 0.15f);
        _polygon[p++] = Inside(8, 0.12f);
        _polygon[p++] = Inside(9, 0.15f);
        _polygon[p++] = Inside(10, 0.2f);
        _polygon[p++] = Inside(11, 0.25f);
        _polygon[p++] = Outward(54, 0.35f);
        _polygon[p] = (face[35] + Outward(54, 0.35f)) / 2 + new Vector2(0.04f * unit, 0);
    }

    // Of the frame's and the placed sample's jaw point, the one nearer the mouth (higher up the chin).
    private static Vector2 Lower(Vector2 frame, Vector2 placed) => placed.Y < frame.Y ? placed : frame;

    private static void BlendLuma(
        VideoFrame frame, SamplePixels pixels, PixelRect box, SimilarityTransform toSample, SoftPolygon mask, ColourCorrection colour, Span<float> weights)
    {
        var plane = frame.Y;
        var source = pixels.Y;
        for (var y = mask.Bounds.Top; y < mask.Bounds.Bottom; y++)
        {
            var (from, to) = mask.RowWeights(y, weights);
            var row = plane.Slice(y * frame.Width, frame.Width);
            var x = Avx2.IsSupported ? BlendLumaEightAtATime(row, y, from, to, weights, pixels, box, toSample, colour) : from;
            for (; x < to; x++)
            {
                var weight = weights[x - from];
                if (weight <= 0)
                    continue;
                var at = toSample.Apply(new Vector2(x, y)) - new Vector2(box.Left, box.Top);
                if (!Sampler.TryBilinear(source, pixels.Width, pixels.Height, at, out var value))
                    continue;
                row[x] = ToByte(row[x] + weight * (colour.Luma(value) - row[x]));
            }
        }
    }

    private static void BlendChroma(
        VideoFrame frame, SamplePixels pixels, PixelRect box, SimilarityTransform toSample, SoftPolygon mask, ColourCorrection colour, Span<float> weights)
    {
        var u = frame.U;
        var v = frame.V;
        var sampleU = pixels.U;
        var sampleV = pixels.V;
        var (width, height) = (pixels.Width / 2, pixels.Height / 2);
        for (var cy = mask.Bounds.Top / 2; cy < (mask.Bounds.Bottom + 1) / 2 && cy < frame.ChromaHeight; cy++)
        {
            // A chroma sample's centre is at luma (2cx + 0.5, 2cy + 0.5); its weight is the mask's at luma (2cx, 2cy).
            var (from, to) = mask.RowWeights(2 * cy, weights);
            var cx = (from + 1) / 2;
            if (Avx2.IsSupported)
                cx = BlendChromaEightAtATime(frame, cy, cx, from, to, weights, pixels, box, toSample, colour);
            for (; 2 * cx < to && cx < frame.ChromaWidth; cx++)
            {
                var weight = weights[2 * cx - from];
                if (weight <= 0)
                    continue;
                var center = new Vector2(2 * cx + 0.5f, 2 * cy + 0.5f);
                var at = (toSample.Apply(center) - new Vector2(box.Left, box.Top) - new Vector2(0.5f)) / 2;
                if (!Sampler.TryBilinear(sampleU, width, height, at, out var su) || !Sampler.TryBilinear(sampleV, width, height, at, out var sv))
                    continue;
                var i = cy * frame.ChromaWidth + cx;
                u[i] = ToByte(u[i] + weight * (su + colour.ShiftU - u[i]));
                v[i] = ToByte(v[i] + weight * (sv + colour.ShiftV - v[i]));
            }
        }
    }

    // The compositor touches every pixel of the lower face of every frame, so on x86 it blends eight at a time, with
    // the same pixels as the scalar loop (see EightPixels). Returns where the scalar loop goes on.
    private static unsafe int BlendLumaEightAtATime(
        Span<byte> row, int y, int from, int to, Span<float> weights, SamplePixels pixels, PixelRect box, SimilarityTransform toSample, ColourCorrection colour)
    {
        var x = from;
        var place = new EightPoints(toSample, box, pixels.Width, pixels.Height, y);
        var (gain, offset) = (Vector256.Create(colour.Gain), Vector256.Create(colour.Offset));
        fixed (byte* target = row)
        fixed (byte* source = pixels.Y)
        fixed (float* weight = weights)
        {
            for (; x + 8 <= to; x += 8)
            {
                var w = Avx.LoadVector256(weight + x - from);
                var (atX, atY, inside) = place.At(Vector256.Create((float)x) + EightPixels.Lanes, w);
                if (inside == Vector256<int>.Zero)
                    continue;
                var value = EightPixels.Bilinear(source, pixels.Width, atX, atY, inside);
                var was = Avx2.ConvertToVector256Int32(target + x);
                var blended = Blend(was, w, gain * value + offset, inside);
                *(ulong*)(target + x) = blended;
            }
        }
        return x;
    }

    private static unsafe int BlendChromaEightAtATime(
        VideoFrame frame, int cy, int cx, int from, int to, Span<float> weights, SamplePixels pixels, PixelRect box, SimilarityTransform toSample, ColourCorrection colour)
    {
        var (width, height) = (pixels.Width / 2, pixels.Height / 2);
        var place = new EightPoints(toSample, box, width, height, 2 * cy + 0.5f, chroma: true);
        var (shiftU, shiftV) = (Vector256.Create(colour.ShiftU), Vector256.Create(colour.ShiftV));
        fixed (byte* u = frame.U)
        fixed (byte* v = frame.V)
        fixed (byte* sampleU = pixels.U)
        fixed (byte* sampleV = pixels.V)
        {
            for (; 2 * cx + 14 < to && cx + 8 <= frame.ChromaWidth; cx += 8)
            {
                var at = 2 * cx - from;
                var w = Vector256.Create(weights[at], weights[at + 2], weights[at + 4], weights[at + 6], weights[at + 8], weights[at + 10], weights[at + 12], weights[at + 14]);
                var (atX, atY, inside) = place.At(Vector256.Create((float)(2 * cx)) + 2 * EightPixels.Lanes + Vector256.Create(0.5f), w);
                if (inside == Vector256<int>.Zero)
                    continue;
                var i = cy * frame.ChromaWidth + cx;
                var su = EightPixels.Bilinear(sampleU, width, atX, atY, inside);
                var sv = EightPixels.Bilinear(sampleV, width, atX, atY, inside);
                var (wasU, wasV) = (Avx2.ConvertToVector256Int32(u + i), Avx2.ConvertToVector256Int32(v + i));
                *(ulong*)(u + i) = Blend(wasU, w, su + shiftU, inside);
                *(ulong*)(v + i) = Blend(wasV, w, sv + shiftV, inside);
            }
        }
        return cx;
    }

    /// <summary>
    /// Where eight frame points of one row land in a sample's plane (<see cref="SimilarityTransform.Apply"/> less the
    /// box's corner, for chroma also less half a pixel and halved), and which of them the blend takes: inside the
    /// plane as <see cref="Sampler.TryBilinear"/> requires, with a weight above 0.
    /// </summary>
    private readonly struct EightPoints
    {
        private readonly Vector256<float> _a, _b, _tx, _ty, _left, _top, _byRow, _ayRow, _maxX, _maxY;
        private readonly bool _chroma;

        public EightPoints(SimilarityTransform toSample, PixelRect box, int width, int height, float y, bool chroma = false)
        {
            (_a, _b, _tx, _ty) = (Vector256.Create(toSample.A), Vector256.Create(toSample.B), Vector256.Create(toSample.Tx), Vector256.Create(toSample.Ty));
            (_left, _top) = (Vector256.Create((float)box.Left), Vector256.Create((float)box.Top));
            (_byRow, _ayRow) = (Vector256.Create(toSample.B * y), Vector256.Create(toSample.A * y));
            (_maxX, _maxY) = (Vector256.Create(width - 1.001f), Vector256.Create(height - 1.001f));
            _chroma = chroma;
        }

        public (Vector256<float> X, Vector256<float> Y, Vector256<int> Inside) At(Vector256<float> x, Vector256<float> weight)
        {
            var atX = _a * x - _byRow + _tx - _left;
            var atY = _b * x + _ayRow + _ty - _top;
            if (_chroma)
            {
                var half = Vector256.Create(0.5f);
                (atX, atY) = ((atX - half) / 2, (atY - half) / 2);
            }
            var zero = Vector256<float>.Zero;
            var inside = Vector256.GreaterThanOrEqual(atX, zero) & Vector256.GreaterThanOrEqual(atY, zero)
                & Vector256.LessThanOrEqual(atX, _maxX) & Vector256.LessThanOrEqual(atY, _maxY) & Vector256.GreaterThan(weight, zero);
            return (atX, atY, inside.AsInt32());
        }
    }

    // ToByte(was + weight · (value − was)) where inside, else was: eight bytes.
    private static ulong Blend(Vector256<int> was, Vector256<float> weight, Vector256<float> value, Vector256<int> inside)
    {
        var previous = Avx.ConvertToVector256Single(was);
        var blended = Vector256.Clamp(previous + weight * (value - previous) + Vector256.Create(0.5f), Vector256<float>.Zero, Vector256.Create(255f));
        var levels = Vector256.ConditionalSelect(inside, Avx.ConvertToVector256Int32WithTruncation(blended), was);
        return EightPixels.Bytes(levels);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(value + 0.5f, 0, 255);
}

/// <summary>Bilinear reads of a plane that say when the point is outside it.</summary>
internal static class Sampler
{
    public static bool TryBilinear(ReadOnlySpan<byte> plane, int width, int height, Vector2 at, out float value)
    {
        if (at.X < 0 || at.Y < 0 || at.X > width - 1.001f || at.Y > height - 1.001f)
        {
            value = 0;
            return false;
        }
        var (x0, y0) = ((int)at.X, (int)at.Y);
        var (fx, fy) = (at.X - x0, at.Y - y0);
        var i = y0 * width + x0;
        var top = plane[i] + fx * (plane[i + 1] - plane[i]);
        var bottom = plane[i + width] + fx * (plane[i + width + 1] - plane[i + width]);
        value = top + fy * (bottom - top);
        return true;
    }
}

/// <summary>
/// How a sample's colours are brought to the current frame's: luma scaled by a gain within ±<see cref="SampleCompositor.MaxGainChange"/>
/// plus an offset, chroma shifted, all measured on the band of skin where the mask fades out.
/// </summary>
public readonly record struct ColourCorrection(float Gain, float Offset, float ShiftU, float ShiftV)
{
    public static readonly ColourCorrection None = new(1, 0, 0, 0);

    public float Luma(float value) => Gain * value + Offset;

    public ColourCorrection StepToward(ColourCorrection target, float step) => new(
        Gain + step * (target.Gain - Gain),
        Offset + step * (target.Offset - Offset),
        ShiftU + step * (target.ShiftU - ShiftU),
        ShiftV + step * (target.ShiftV - ShiftV));

    /// <summary>Means of frame and sample over the mask's fading band (skin round the mouth), turned into a correction.</summary>
    internal static ColourCorrection Measure(VideoFrame frame, SamplePixels pixels, PixelRect box, SimilarityTransform toSample, SoftPolygon mask, Span<float> weights)
    {
        double frameY = 0, sampleY = 0, frameU = 0, sampleU = 0, frameV = 0, sampleV = 0;
        var count = 0;
        var origin = new Vector2(box.Left, box.Top);
        for (var y = mask.Bounds.Top; y < mask.Bounds.Bottom; y += 2)
        {
            var (from, to) = mask.RowWeights(y, weights);
            for (var x = from + from % 2; x < to; x += 2)
            {
                var weight = weights[x - from];
                if (weight is <= 0.05f or >= 0.6f)
                    continue;
                var at = toSample.Apply(new Vector2(x, y)) - origin;
                var chroma = (at - new Vector2(0.5f)) / 2;
                if (!Sampler.TryBilinear(pixels.Y, pixels.Width, pixels.Height, at, out var sy)
                    || !Sampler.TryBilinear(pixels.U, pixels.Width / 2, pixels.Height / 2, chroma, out var su)
                    || !Sampler.TryBilinear(pixels.V, pixels.Width / 2, pixels.Height / 2, chroma, out var sv))
                {
                    continue;
                }
                var ci = y / 2 * frame.ChromaWidth + x / 2;
                frameY += frame.Y[y * frame.Width + x];
                frameU += frame.U[ci];
                frameV += frame.V[ci];
                sampleY += sy;
                sampleU += su;
                sampleV += sv;
                count++;
            }
        }
        if (count < 8)
            return None;
        var gain = (float)Math.Clamp(frameY / Math.Max(sampleY, 1), 1 - SampleCompositor.MaxGainChange, 1 + SampleCompositor.MaxGainChange);
        return new ColourCorrection(gain, (float)((frameY - gain * sampleY) / count), (float)((frameU - sampleU) / count), (float)((frameV - sampleV) / count));
    }
}

/// <summary>
/// A soft-edged polygon rasterised by spans: a pixel's weight rises from 0 on the outline to 1 at
/// <c>feather</c> pixels inside, measured along its row and its column (close to the true distance for the
/// rounded, nearly convex outlines of a face).
/// </summary>
internal sealed class SoftPolygon
{
    private readonly int[] _rowFrom;
    private readonly int[] _rowTo;
    private readonly float[] _columnTop;
    private readonly float[] _columnBottom;
    private readonly float[] _rowLeft;
    private readonly float[] _rowRight;
    private readonly float _feather;

    public SoftPolygon(ReadOnlySpan<Vector2> outline, float feather, int width, int height)
    {
        _feather = Math.Max(feather, 1);
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var point in outline)
        {
            min = Vector2.Min(min, point);
            max = Vector2.Max(max, point);
        }
        var left = Math.Clamp((int)MathF.Floor(min.X), 0, width);
        var top = Math.Clamp((int)MathF.Floor(min.Y), 0, height);
        var right = Math.Clamp((int)MathF.Ceiling(max.X) + 1, left, width);
        var bottom = Math.Clamp((int)MathF.Ceiling(max.Y) + 1, top, height);
        Bounds = new PixelRect(left, top, right - left, bottom - top);
        _rowFrom = new int[Bounds.Height];
        _rowTo = new int[Bounds.Height];
        _rowLeft = new float[Bounds.Height];
        _rowRight = new float[Bounds.Height];
        _columnTop = new float[Bounds.Width];
        _columnBottom = new float[Bounds.Width];
        for (var y = 0; y < Bounds.Height; y++)
        {
            var (a, b) = Crossings(outline, Bounds.Top + y, horizontal: true);
            _rowLeft[y] = a;
            _rowRight[y] = b;
            _rowFrom[y] = Math.Clamp((int)MathF.Ceiling(a), left, right);
            _rowTo[y] = Math.Clamp((int)MathF.Floor(b) + 1, _rowFrom[y], right);
        }
        for (var x = 0; x < Bounds.Width; x++)
            (_columnTop[x], _columnBottom[x]) = Crossings(outline, Bounds.Left + x, horizontal: false);
    }

    public PixelRect Bounds { get; }

    /// <summary>The pixels of row <paramref name="y"/> inside the outline, [from, to).</summary>
    public (int From, int To) Row(int y) => y < Bounds.Top || y >= Bounds.Bottom ? (0, 0) : (_rowFrom[y - Bounds.Top], _rowTo[y - Bounds.Top]);

    /// <summary>
    /// Fills <paramref name="weights"/> with the weights of row <paramref name="y"/>'s pixels inside the outline, the
    /// first at <c>From</c>, and returns that span; pixels outside it weigh 0.
    /// </summary>
    /// <remarks>A whole row at a time, several pixels per instruction: the mask is weighed at every pixel of the lower face of every frame.</remarks>
    public (int From, int To) RowWeights(int y, Span<float> weights)
    {
        var (from, to) = Row(y);
        var count = to - from;
        if (count <= 0)
            return (from, from);
        var r = y - Bounds.Top;
        var (left, right) = (_rowLeft[r], _rowRight[r]);
        var top = _columnTop.AsSpan(from - Bounds.Left, count);
        var bottom = _columnBottom.AsSpan(from - Bounds.Left, count);
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var row = new Vector<float>(y);
            for (; k <= count - Vector<float>.Count; k += Vector<float>.Count)
            {
                var x = new Vector<float>(from + k) + Lanes;
                var inside = Vector.Min(
                    Vector.Min(x - new Vector<float>(left), new Vector<float>(right) - x),
                    Vector.Min(row - new Vector<float>(top[k..]), new Vector<float>(bottom[k..]) - row));
                var t = Vector.Min(inside / new Vector<float>(_feather), Vector<float>.One);
                var weight = t * t * (new Vector<float>(3) - new Vector<float>(2) * t);
                Vector.ConditionalSelect(Vector.GreaterThan(inside, Vector<float>.Zero), weight, Vector<float>.Zero).CopyTo(weights[k..]);
            }
        }
        for (; k < count; k++)
        {
            var x = from + k;
            weights[k] = Smooth(Math.Min(Math.Min(x - left, right - x), Math.Min(y - top[k], bottom[k] - y)));
        }
        return (from, to);
    }

    // 0, 1, 2, …: the offsets of a vector's lanes along the row.
    private static readonly Vector<float> Lanes = Vector.CreateSequence(0f, 1f);

    // The weight at a distance inside the outline: rising smoothly from 0 on it to 1 at the feather's width.
    private float Smooth(float inside)
    {
        if (inside <= 0)
            return 0;
        var t = Math.Min(inside / _feather, 1);
        return t * t * (3 - 2 * t);
    }

    // Where the line y = at (or x = at) enters and leaves the outline; an empty span when it misses.
    private static (float From, float To) Crossings(ReadOnlySpan<Vector2> outline, float at, bool horizontal)
    {
        var from = float.MaxValue;
        var to = float.MinValue;
        for (var i = 0; i < outline.Length; i++)
        {
            var a = outline[i];
            var b = outline[(i + 1) % outline.Length];
            var (a0, a1, b0, b1) = horizontal ? (a.Y, a.X, b.Y, b.X) : (a.X, a.Y, b.X, b.Y);
            if ((at < a0 && at < b0) || (at > a0 && at > b0) || a0 == b0)
                continue;
            var cross = a1 + (at - a0) * (b1 - a1) / (b0 - a0);
            from = Math.Min(from, cross);
            to = Math.Max(to, cross);
        }
        return from <= to ? (from, to) : (0, -1);
    }
}
