using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mouthpiece.Rendering;

/// <summary>
/// Piecewise-affine warp of one image plane: each target triangle's pixels are sampled (bilinear) from
/// the matching source triangle of an untouched, padded copy of the region, then blended in by a feather weight.
/// </summary>
internal static class TriangleWarper
{
    private const float MinimumArea = 1e-3f;

    /// <summary>
    /// Warps every triangle that moves. Points are in this plane's pixel coordinates; the region, the copy
    /// and the weights all cover <paramref name="region"/>, and nothing outside it is written.
    /// </summary>
    public static void Warp(
        PlaneRegion region,
        PaddedPlaneCopy original,
        ReadOnlySpan<Vector2> source,
        ReadOnlySpan<Vector2> target,
        List<(int A, int B, int C)> triangles,
        ReadOnlySpan<float> columnWeights,
        ReadOnlySpan<float> rowWeights)
    {
        foreach (var (a, b, c) in triangles)
        {
            if (source[a] == target[a] && source[b] == target[b] && source[c] == target[c])
                continue; // already exactly what the frame shows
            WarpTriangle(region, original, (source[a], source[b], source[c]), (target[a], target[b], target[c]), columnWeights, rowWeights);
        }
    }

    private static void WarpTriangle(
        PlaneRegion region,
        PaddedPlaneCopy original,
        (Vector2 A, Vector2 B, Vector2 C) source,
        (Vector2 A, Vector2 B, Vector2 C) target,
        ReadOnlySpan<float> columnWeights,
        ReadOnlySpan<float> rowWeights)
    {
        if (!Affine.TryMap(target, source, out var toSource))
            return;
        var top = Math.Max(region.Top, (int)MathF.Ceiling(Min(target.A.Y, target.B.Y, target.C.Y)));
        var bottom = Math.Min(region.Bottom - 1, (int)MathF.Floor(Max(target.A.Y, target.B.Y, target.C.Y)));
        for (var y = top; y <= bottom; y++)
        {
            if (!TryRowSpan(target, y, out var left, out var right))
                continue;
            left = Math.Max(left, region.Left);
            right = Math.Min(right, region.Right - 1);
            if (left > right)
                continue;
            WarpRow(region, original, toSource, y, left, right, columnWeights, rowWeights[y - region.Top]);
        }
    }

    private static void WarpRow(
        PlaneRegion region,
        PaddedPlaneCopy original,
        Affine toSource,
        int y,
        int left,
        int right,
        ReadOnlySpan<float> columnWeights,
        float rowWeight)
    {
        if (rowWeight <= 0)
            return; // the feather keeps the frame's own pixels on the box's outermost rows
        var count = right - left + 1;
        // Source positions in the padded copy's coordinates (always positive, so truncation floors them);
        // they advance by a constant step along a row.
        var sx = toSource.X(left, y) - region.Left + PaddedPlaneCopy.Pad;
        var sy = toSource.Y(left, y) - region.Top + PaddedPlaneCopy.Pad;
        var output = region.Row(y).Slice(left, count);
        var before = original.Row(y - region.Top)[(left - region.Left)..];
        var weights = columnWeights[(left - region.Left)..];
        var row = new RowSampler(original, sx, sy, toSource.Xx, toSource.Yx, rowWeight);
        // Source triangles lie inside the box, so a row's straight source path stays within the padding's
        // reach and needs no clamp per pixel; only a degenerate, near-flat triangle can stray further.
        if (row.StaysInside(count))
            row.Warp(output, before, weights);
        else
            row.WarpClamped(output, before, weights);
    }

    /// <summary>Bilinear samples along one row's straight source path, feathered into the output row.</summary>
    private readonly ref struct RowSampler(PaddedPlaneCopy original, float sx, float sy, float stepX, float stepY, float rowWeight)
    {
        private readonly ReadOnlySpan<byte> _pixels = original.Pixels;
        private readonly int _stride = original.Stride;
        private readonly float _maxX = original.Width + PaddedPlaneCopy.Pad;
        private readonly float _maxY = original.Height + PaddedPlaneCopy.Pad;
        private const float Min = PaddedPlaneCopy.Pad - 1;

        public bool StaysInside(int count)
        {
            float endX = sx + stepX * (count - 1), endY = sy + stepY * (count - 1);
            return Math.Min(sx, endX) >= Min && Math.Max(sx, endX) <= _maxX && Math.Min(sy, endY) >= Min && Math.Max(sy, endY) <= _maxY;
        }

        // The hot loop: every position is known to be inside the padded copy, so it reads without bounds checks.
        // Positions are computed as start + i·step (not accumulated), so both loops give the same pixels.
        public void Warp(Span<byte> output, ReadOnlySpan<byte> before, ReadOnlySpan<float> weights)
        {
            var done = Avx2.IsSupported ? WarpEightAtATime(output, before, weights) : 0;
            ref var plane = ref MemoryMarshal.GetReference(_pixels);
            for (var i = done; i < output.Length; i++)
                output[i] = Blend(before[i], Sample(ref plane, _stride, sx + i * stepX, sy + i * stepY), rowWeight * weights[i]);
        }

        // The same arithmetic as the scalar loop, eight pixels at a time (see EightPixels).
        private unsafe int WarpEightAtATime(Span<byte> output, ReadOnlySpan<byte> before, ReadOnlySpan<float> weights)
        {
            var count = output.Length & ~7;
            var (startX, startY, stepsX, stepsY) = (Vector256.Create(sx), Vector256.Create(sy), Vector256.Create(stepX), Vector256.Create(stepY));
            var (allLanes, weightOfRow) = (Vector256<int>.AllBitsSet, Vector256.Create(rowWeight));
            fixed (byte* plane = _pixels)
            fixed (byte* was = before)
            fixed (float* weight = weights)
            fixed (byte* target = output)
            {
                for (var i = 0; i < count; i += 8)
                {
                    var index = EightPixels.Lanes + Vector256.Create((float)i);
                    var x = startX + index * stepsX;
                    var y = startY + index * stepsY;
                    var warped = EightPixels.Bilinear(plane, _stride, x, y, allLanes);
                    var previous = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(was + i));
                    var blended = previous + weightOfRow * Avx.LoadVector256(weight + i) * (warped - previous) + Vector256.Create(0.5f);
                    var levels = Avx.ConvertToVector256Int32WithTruncation(blended);
                    *(ulong*)(target + i) = EightPixels.Bytes(levels);
                }
            }
            return count;
        }

        public void WarpClamped(Span<byte> output, ReadOnlySpan<byte> before, ReadOnlySpan<float> weights)
        {
            ref var plane = ref MemoryMarshal.GetReference(_pixels);
            for (var i = 0; i < output.Length; i++)
            {
                var warped = Sample(ref plane, _stride, Math.Clamp(sx + i * stepX, Min, _maxX), Math.Clamp(sy + i * stepY, Min, _maxY));
                output[i] = Blend(before[i], warped, rowWeight * weights[i]);
            }
        }

        private static float Sample(ref byte plane, int stride, float x, float y)
        {
            var x0 = (int)x;
            var y0 = (int)y;
            var fx = x - x0;
            var fy = y - y0;
            ref var topLeft = ref Unsafe.Add(ref plane, y0 * stride + x0);
            float a = topLeft, b = Unsafe.Add(ref topLeft, 1), c = Unsafe.Add(ref topLeft, stride), d = Unsafe.Add(ref topLeft, stride + 1);
            var upper = a + fx * (b - a);
            return upper + fy * (c + fx * (d - c) - upper);
        }

        private static byte Blend(byte was, float warped, float weight) => (byte)(was + weight * (warped - was) + 0.5f);
    }

    // The pixel centres of row y inside the triangle, edges included (neighbours write the same value twice).
    private static bool TryRowSpan((Vector2 A, Vector2 B, Vector2 C) t, int y, out int left, out int right)
    {
        var min = float.MaxValue;
        var max = float.MinValue;
        Cross(t.A, t.B, y, ref min, ref max);
        Cross(t.B, t.C, y, ref min, ref max);
        Cross(t.C, t.A, y, ref min, ref max);
        left = (int)MathF.Ceiling(min - 1e-3f);
        right = (int)MathF.Floor(max + 1e-3f);
        return min <= max;
    }

    private static void Cross(Vector2 a, Vector2 b, float y, ref float min, ref float max)
    {
        if (y < Math.Min(a.Y, b.Y) || y > Math.Max(a.Y, b.Y))
            return;
        var x = a.Y == b.Y ? a.X : a.X + (y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
        var other = a.Y == b.Y ? b.X : x;
        min = Math.Min(min, Math.Min(x, other));
        max = Math.Max(max, Math.Max(x, other));
    }

    private static float Min(float a, float b, float c) => Math.Min(a, Math.Min(b, c));

    private static float Max(float a, float b, float c) => Math.Max(a, Math.Max(b, c));

    /// <summary>Maps target-plane points to source-plane points: x' = Xx·x + Xy·y + X0, likewise y'.</summary>
    private readonly record struct Affine(float Xx, float Xy, float X0, float Yx, float Yy, float Y0)
    {
        public float X(float x, float y) => Xx * x + Xy * y + X0;

        public float Y(float x, float y) => Yx * x + Yy * y + Y0;

        public static bool TryMap((Vector2 A, Vector2 B, Vector2 C) from, (Vector2 A, Vector2 B, Vector2 C) to, out Affine map)
        {
            var e1 = from.B - from.A;
            var e2 = from.C - from.A;
            var det = e1.X * e2.Y - e2.X * e1.Y;
            if (Math.Abs(det) < MinimumArea)
            {
                map = default;
                return false;
            }
            var f1 = to.B - to.A;
            var f2 = to.C - to.A;
            var xx = (f1.X * e2.Y - f2.X * e1.Y) / det;
            var xy = (f2.X * e1.X - f1.X * e2.X) / det;
            var yx = (f1.Y * e2.Y - f2.Y * e1.Y) / det;
            var yy = (f2.Y * e1.X - f1.Y * e2.X) / det;
            map = new Affine(xx, xy, to.A.X - xx * from.A.X - xy * from.A.Y, yx, yy, to.A.Y - yx * from.A.X - yy * from.A.Y);
            return true;
        }
    }
}

/// <summary>A rectangle of one plane of a frame, in that plane's pixels; the only part a warp may write.</summary>
internal readonly ref struct PlaneRegion(Span<byte> plane, int stride, int left, int top, int width, int height)
{
    private readonly Span<byte> _plane = plane;

    public int Left { get; } = left;

    public int Top { get; } = top;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public int Right => Left + Width;

    public int Bottom => Top + Height;

    /// <summary>Row <paramref name="y"/> of the whole plane (indexed by plane x, not region x).</summary>
    public Span<byte> Row(int y) => _plane.Slice(y * stride, stride);
}
