using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mouthpiece.Rendering;

/// <summary>
/// Piecewise-affine warp of one image plane: each target triangle's pixels are sampled (bilinear) from
/// the matching source triangle of an untouched copy of the region, then blended in by a feather weight.
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
        ReadOnlySpan<byte> original,
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
        ReadOnlySpan<byte> original,
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
        ReadOnlySpan<byte> original,
        Affine toSource,
        int y,
        int left,
        int right,
        ReadOnlySpan<float> columnWeights,
        float rowWeight)
    {
        var output = region.Row(y);
        var originalRow = original.Slice((y - region.Top) * region.Width, region.Width);
        // Source coordinates are taken relative to the copied region; they advance by a constant step along a row.
        var sx = toSource.X(left, y) - region.Left;
        var sy = toSource.Y(left, y) - region.Top;
        var (width, height) = (region.Width, region.Height);
        var endX = sx + toSource.Xx * (right - left);
        var endY = sy + toSource.Yx * (right - left);
        // Along a row the source path is a straight line: if both ends sit inside, every pixel does, and the
        // per-pixel clamps can go.
        var inside = InRange(sx, width) && InRange(endX, width) && InRange(sy, height) && InRange(endY, height);
        if (inside)
        {
            WarpRowInside(output.Slice(left, right - left + 1), original, originalRow[(left - region.Left)..], columnWeights[(left - region.Left)..], width, sx, sy, toSource.Xx, toSource.Yx, rowWeight);
            return;
        }
        for (var x = left; x <= right; x++, sx += toSource.Xx, sy += toSource.Yx)
        {
            var column = x - region.Left;
            var before = originalRow[column];
            var warped = Bilinear(original, width, height, sx, sy);
            var weight = rowWeight * columnWeights[column];
            output[x] = (byte)(before + weight * (warped - before) + 0.5f);
        }
    }

    // The hot loop: every source position is known to be inside the copy, so it reads without bounds checks.
    private static void WarpRowInside(
        Span<byte> output,
        ReadOnlySpan<byte> original,
        ReadOnlySpan<byte> originalRow,
        ReadOnlySpan<float> columnWeights,
        int width,
        float sx,
        float sy,
        float stepX,
        float stepY,
        float rowWeight)
    {
        ref var plane = ref MemoryMarshal.GetReference(original);
        ref var before = ref MemoryMarshal.GetReference(originalRow);
        ref var weights = ref MemoryMarshal.GetReference(columnWeights);
        ref var target = ref MemoryMarshal.GetReference(output);
        for (var i = 0; i < output.Length; i++, sx += stepX, sy += stepY)
        {
            var x0 = (int)sx;
            var y0 = (int)sy;
            var fx = sx - x0;
            var fy = sy - y0;
            ref var topLeft = ref Unsafe.Add(ref plane, y0 * width + x0);
            float a = topLeft, b = Unsafe.Add(ref topLeft, 1), c = Unsafe.Add(ref topLeft, width), d = Unsafe.Add(ref topLeft, width + 1);
            var upper = a + fx * (b - a);
            var warped = upper + fy * (c + fx * (d - c) - upper);
            float was = Unsafe.Add(ref before, i);
            Unsafe.Add(ref target, i) = (byte)(was + rowWeight * Unsafe.Add(ref weights, i) * (warped - was) + 0.5f);
        }
    }

    private static bool InRange(float coordinate, int size) => coordinate >= 0 && coordinate < size - 1;

    private static float Bilinear(ReadOnlySpan<byte> plane, int width, int height, float x, float y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var row0 = y0 * width;
        var row1 = y1 * width;
        var top = plane[row0 + x0] + fx * (plane[row0 + x1] - plane[row0 + x0]);
        var bottom = plane[row1 + x0] + fx * (plane[row1 + x1] - plane[row1 + x0]);
        return top + fy * (bottom - top);
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

    public void CopyTo(Span<byte> destination)
    {
        for (var y = 0; y < Height; y++)
            Row(Top + y).Slice(Left, Width).CopyTo(destination.Slice(y * Width, Width));
    }
}
