using System.Numerics;

namespace Mouthpiece.Rendering;

/// <summary>
/// The inner lips as curves (dlib points 60–67, a loop): traced the same way wherever a mouth's opening is drawn,
/// painted or sampled, so the pieces of a render agree on where the lips are.
/// </summary>
internal static class InnerLipCurve
{
    public static readonly int[] UpperChain = [60, 61, 62, 63, 64];
    public static readonly int[] LowerChain = [60, 67, 66, 65, 64];

    /// <summary>Points traced along each lip: the chain's points and the curve's middle between each two.</summary>
    public const int TracedPoints = 9;

    // The point halfway along a Catmull-Rom curve around the inner-lip loop: openings are curved, not polygons,
    // and going round the loop (not stopping at the corners) lets the curve bulge out to the corners as real ones do.
    public static Vector2 CurveMiddle(ReadOnlySpan<Vector2> points, int from, int to)
    {
        var before = LoopNeighbour(from, away: to);
        var after = LoopNeighbour(to, away: from);
        return (-points[before] + 9 * points[from] + 9 * points[to] - points[after]) / 16;
    }

    /// <summary>
    /// Fills <paramref name="upper"/> and <paramref name="lower"/> (<see cref="TracedPoints"/> each) with the inner-lip
    /// curves in the mouth's own axes (across from the inner corners' middle, down toward the chin).
    /// </summary>
    public static (Vector2 Center, Vector2 Axis, Vector2 Down, float HalfWidth) Trace(ReadOnlySpan<Vector2> points, Span<Vector2> upper, Span<Vector2> lower)
    {
        var (left, right) = (points[60], points[64]);
        var axis = Vector2.Normalize(right - left + new Vector2(1e-6f, 0));
        var down = new Vector2(-axis.Y, axis.X);
        var center = (left + right) / 2;
        for (var k = 0; k < UpperChain.Length; k++)
        {
            upper[2 * k] = ToMouth(points[UpperChain[k]], center, axis, down);
            lower[2 * k] = ToMouth(points[LowerChain[k]], center, axis, down);
            if (k == 0)
                continue;
            upper[2 * k - 1] = ToMouth(CurveMiddle(points, UpperChain[k - 1], UpperChain[k]), center, axis, down);
            lower[2 * k - 1] = ToMouth(CurveMiddle(points, LowerChain[k - 1], LowerChain[k]), center, axis, down);
        }
        return (center, axis, down, Math.Max(Vector2.Distance(left, right) / 2, 1));
    }

    public static Vector2 ToMouth(Vector2 point, Vector2 center, Vector2 axis, Vector2 down) =>
        new(Vector2.Dot(point - center, axis), Vector2.Dot(point - center, down));

    // Piecewise-linear lip line through (across, down) points from one corner to the other; flat beyond the corners.
    public static float Contour(ReadOnlySpan<Vector2> lip, float across)
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

    /// <summary>The box around the inner lips of <paramref name="points"/>, on even pixels, within <paramref name="limit"/>.</summary>
    public static PixelRect OpeningBounds(ReadOnlySpan<Vector2> points, PixelRect limit)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        for (var i = 60; i < 68; i++)
        {
            min = Vector2.Min(min, points[i]);
            max = Vector2.Max(max, points[i]);
        }
        var left = Math.Max(limit.Left, ((int)min.X - 2) & ~1);
        var top = Math.Max(limit.Top, ((int)min.Y - 2) & ~1);
        var right = Math.Min(limit.Right, ((int)max.X + 4) & ~1);
        var bottom = Math.Min(limit.Bottom, ((int)max.Y + 4) & ~1);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    // The neighbour of an inner-lip point (60–67, a loop) on the side away from the given one.
    private static int LoopNeighbour(int point, int away)
    {
        var next = point == 67 ? 60 : point + 1;
        var previous = point == 60 ? 67 : point - 1;
        return next == away ? previous : next;
    }
}
