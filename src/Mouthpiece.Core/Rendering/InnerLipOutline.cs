using System.Numerics;

namespace Mouthpiece.Rendering;

/// <summary>
/// The opening between a face's inner lips in the same normalized coordinates <see cref="InnerMouthCanvas"/>
/// gives painters: across −1…1 between the inner corners, down 0…1 from the upper to the lower inner lip.
/// The lips are traced exactly as <see cref="MouthRenderer"/> traces a target mouth, so a picture taken in these
/// coordinates from one frame lands on the same parts of the mouth when painted into another.
/// </summary>
internal sealed class InnerLipOutline
{
    private readonly Vector2[] _upper = new Vector2[2 * MouthRenderer.UpperChain.Length - 1];
    private readonly Vector2[] _lower = new Vector2[2 * MouthRenderer.LowerChain.Length - 1];
    private readonly Vector2 _center;
    private readonly Vector2 _axis;
    private readonly Vector2 _down;

    public InnerLipOutline(ReadOnlySpan<Vector2> points)
    {
        var (left, right) = (points[60], points[64]);
        _axis = Vector2.Normalize(right - left + new Vector2(1e-6f, 0));
        _down = new Vector2(-_axis.Y, _axis.X);
        _center = (left + right) / 2;
        HalfWidth = Math.Max(Vector2.Distance(left, right) / 2, 1);
        var upper = MouthRenderer.UpperChain;
        var lower = MouthRenderer.LowerChain;
        for (var k = 0; k < upper.Length; k++)
        {
            _upper[2 * k] = ToMouth(points[upper[k]]);
            _lower[2 * k] = ToMouth(points[lower[k]]);
            if (k == 0)
                continue;
            _upper[2 * k - 1] = ToMouth(MouthRenderer.CurveMiddle(points, upper[k - 1], upper[k]));
            _lower[2 * k - 1] = ToMouth(MouthRenderer.CurveMiddle(points, lower[k - 1], lower[k]));
        }
    }

    /// <summary>Half the distance between the inner mouth corners, in pixels.</summary>
    public float HalfWidth { get; }

    /// <summary>Gap between the inner lips at <paramref name="across"/> (−1…1), in pixels.</summary>
    public float GapAt(float across)
    {
        var x = across * HalfWidth;
        return Math.Max(MouthRenderer.Contour(_lower, x) - MouthRenderer.Contour(_upper, x), 0);
    }

    /// <summary>The frame position of the opening's point (<paramref name="across"/>, <paramref name="down"/>).</summary>
    public Vector2 PixelAt(float across, float down)
    {
        var x = across * HalfWidth;
        var top = MouthRenderer.Contour(_upper, x);
        var bottom = MouthRenderer.Contour(_lower, x);
        return _center + x * _axis + (top + down * (bottom - top)) * _down;
    }

    private Vector2 ToMouth(Vector2 point) => new(Vector2.Dot(point - _center, _axis), Vector2.Dot(point - _center, _down));
}
