using System.Numerics;

namespace Mouthpiece.Rendering;

/// <summary>
/// The opening between a face's inner lips in the same normalized coordinates <see cref="InnerMouthCanvas"/>
/// gives painters: across −1…1 between the inner corners, down 0…1 from the upper to the lower inner lip.
/// The lips are traced exactly as the renderer traces a target mouth (<see cref="InnerLipCurve"/>), so a picture
/// taken in these coordinates from one frame lands on the same parts of the mouth when painted into another.
/// </summary>
internal sealed class InnerLipOutline
{
    private readonly Vector2[] _upper = new Vector2[InnerLipCurve.TracedPoints];
    private readonly Vector2[] _lower = new Vector2[InnerLipCurve.TracedPoints];
    private readonly Vector2 _center;
    private readonly Vector2 _axis;
    private readonly Vector2 _down;

    public InnerLipOutline(ReadOnlySpan<Vector2> points)
    {
        (_center, _axis, _down, HalfWidth) = InnerLipCurve.Trace(points, _upper, _lower);
    }

    /// <summary>Half the distance between the inner mouth corners, in pixels.</summary>
    public float HalfWidth { get; }

    /// <summary>Gap between the inner lips at <paramref name="across"/> (−1…1), in pixels.</summary>
    public float GapAt(float across)
    {
        var x = across * HalfWidth;
        return Math.Max(InnerLipCurve.Contour(_lower, x) - InnerLipCurve.Contour(_upper, x), 0);
    }

    /// <summary>The frame position of the opening's point (<paramref name="across"/>, <paramref name="down"/>).</summary>
    public Vector2 PixelAt(float across, float down)
    {
        var x = across * HalfWidth;
        var top = InnerLipCurve.Contour(_upper, x);
        var bottom = InnerLipCurve.Contour(_lower, x);
        return _center + x * _axis + (top + down * (bottom - top)) * _down;
    }
}
