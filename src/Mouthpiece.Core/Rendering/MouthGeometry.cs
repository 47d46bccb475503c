using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;

namespace Mouthpiece.Rendering;

/// <summary>
/// Turns a face's source landmarks and a target <see cref="MouthShape"/> into target landmarks:
/// lips, mouth corners and jaw move; every other point stays where the video has it.
/// Pure: no pixels, no state.
/// </summary>
public static class MouthGeometry
{
    // Inner-lip pairs (upper, lower) from the left corner to the right, with the outer-lip points that ride on them.
    private static readonly (int Upper, int Lower, int OuterUpper, int OuterLower)[] LipPairs =
        [(61, 67, 50, 58), (62, 66, 51, 57), (63, 65, 52, 56)];

    // How much of the lower lip's drop each jaw point (3..13) follows: the chin fully, the jaw's sides barely.
    private static readonly float[] JawFollow = [0.05f, 0.2f, 0.45f, 0.7f, 0.9f, 1f, 0.9f, 0.7f, 0.45f, 0.2f, 0.05f];

    // Side inner-lip gaps relative to the middle gap for a mouth opened from closed (an opening is rounder than a slot).
    private const float SideGapProfile = 0.8f;

    // Share of the lower lip's drop that the mouth corners follow.
    private const float CornerFollow = 0.2f;

    /// <summary>Target landmarks: <paramref name="source"/> with its mouth re-shaped to <paramref name="shape"/>.</summary>
    public static FaceLandmarks Target(FaceLandmarks source, MouthShape shape, MouthNeutral neutral, MouthRendererOptions options)
    {
        var points = new Vector2[FaceLandmarks.Count];
        Target(source, shape, neutral, options, points);
        return new FaceLandmarks(points);
    }

    /// <summary>
    /// The mouth shape a face shows: openness from the inner-lip gap, width from corner distance against
    /// <paramref name="neutral"/>. Rendering a face with its own shape leaves it as it is.
    /// </summary>
    public static MouthShape ShapeOf(FaceLandmarks face, MouthNeutral neutral, MouthRendererOptions options)
    {
        var measured = Measure(face, options);
        var openness = Math.Clamp(measured.Openness, 0, 1);
        var widthGain = measured.Width / (neutral.Width * (1 - options.OpenNarrowing * openness)) - 1;
        var width = widthGain >= 0 ? widthGain / options.SpreadGain : widthGain / options.RoundLoss;
        return new MouthShape(openness, Math.Clamp(width, -1, 1), Closed: false);
    }

    internal static (float Openness, float Width) Measure(FaceLandmarks face, MouthRendererOptions options)
    {
        var frame = MouthFrame.Of(face.Points);
        var middleGap = frame.Down(face[66]) - frame.Down(face[62]);
        var width = Vector2.Distance(face[48], face[54]);
        return (middleGap / (options.MaxInnerLipGap * frame.Unit), width / frame.Unit);
    }

    internal static void Target(FaceLandmarks source, MouthShape shape, MouthNeutral neutral, MouthRendererOptions options, Span<Vector2> target)
    {
        source.Points.CopyTo(target);
        var frame = MouthFrame.Of(source.Points);
        var sourceShape = ShapeOf(source, neutral, options);
        ScaleMouthWidth(source, frame, TargetWidth(shape, neutral, options) * frame.Unit, target);
        var lowerDrop = MoveLips(source, frame, shape, sourceShape, options, target);
        MoveCornersAndJaw(frame, lowerDrop, target);
    }

    private static float TargetWidth(MouthShape shape, MouthNeutral neutral, MouthRendererOptions options)
    {
        var gain = shape.Width >= 0 ? shape.Width * options.SpreadGain : shape.Width * options.RoundLoss;
        var openness = shape.Closed ? 0 : Math.Clamp(shape.Openness, 0, 1);
        return neutral.Width * (1 + gain) * (1 - options.OpenNarrowing * openness);
    }

    // Lip points spread from or gather toward the mouth's centre along the mouth axis.
    private static void ScaleMouthWidth(FaceLandmarks source, MouthFrame frame, float targetWidth, Span<Vector2> target)
    {
        var scale = targetWidth / Vector2.Distance(source[48], source[54]);
        for (var i = 48; i < 68; i++)
        {
            var across = frame.Across(source[i]);
            target[i] += frame.AcrossAxis * (across * (scale - 1));
        }
    }

    // Moves inner and outer lips along the mouth's vertical axis; returns how far the middle of the lower lip dropped.
    private static float MoveLips(FaceLandmarks source, MouthFrame frame, MouthShape shape, MouthShape sourceShape, MouthRendererOptions options, Span<Vector2> target)
    {
        var middleGap = frame.Down(source[66]) - frame.Down(source[62]);
        var targetMiddleGap = shape.Closed ? 0 : Math.Clamp(shape.Openness, 0, 1) * options.MaxInnerLipGap * frame.Unit;
        var thickness = LipThickness(shape.Width, options) / LipThickness(sourceShape.Width, options);
        // A clearly open source keeps its own opening profile; a near-closed one gets a generic rounded one.
        var ownProfile = SmoothStep(0.02f * frame.Unit, 0.08f * frame.Unit, middleGap);
        var lowerDrop = 0f;
        for (var p = 0; p < LipPairs.Length; p++)
        {
            var (upper, lower, outerUpper, outerLower) = LipPairs[p];
            var gap = frame.Down(source[lower]) - frame.Down(source[upper]);
            var genericProfile = p == 1 ? 1 : SideGapProfile;
            var profile = ownProfile * Math.Clamp(gap / Math.Max(middleGap, 1e-3f), 0.5f, 1.2f) + (1 - ownProfile) * genericProfile;
            var change = targetMiddleGap * profile - gap;
            var upperMove = -options.UpperLipShare * change;
            var lowerMove = change + upperMove;
            MoveLipPair(source, frame, target, upper, outerUpper, upperMove, thickness);
            MoveLipPair(source, frame, target, lower, outerLower, lowerMove, thickness);
            MeetSideways(frame, target, upper, lower, gap, targetMiddleGap * profile);
            if (p == 1)
                lowerDrop = lowerMove;
        }
        // The outer points next to the corners have no inner partner: they follow their neighbours halfway.
        target[49] += frame.DownAxis * (0.5f * frame.Down(target[50] - source[50]));
        target[53] += frame.DownAxis * (0.5f * frame.Down(target[52] - source[52]));
        target[59] += frame.DownAxis * (0.5f * frame.Down(target[58] - source[58]));
        target[55] += frame.DownAxis * (0.5f * frame.Down(target[56] - source[56]));
        return lowerDrop;
    }

    private static void MoveLipPair(FaceLandmarks source, MouthFrame frame, Span<Vector2> target, int inner, int outer, float move, float thickness)
    {
        target[inner] += frame.DownAxis * move;
        var lipThickness = frame.Down(source[inner] - source[outer]);
        target[outer] += frame.DownAxis * (move + lipThickness * (1 - thickness));
    }

    // Lips that close meet point to point: the sideways offset dlib sees between an open pair shrinks with the gap.
    private static void MeetSideways(MouthFrame frame, Span<Vector2> target, int upper, int lower, float gap, float targetGap)
    {
        if (gap <= 0 || targetGap >= gap)
            return;
        var offset = frame.Across(target[lower]) - frame.Across(target[upper]);
        var shift = frame.AcrossAxis * (0.5f * offset * (1 - Math.Max(targetGap, 0) / gap));
        target[upper] += shift;
        target[lower] -= shift;
    }

    private static void MoveCornersAndJaw(MouthFrame frame, float lowerDrop, Span<Vector2> target)
    {
        var cornerMove = frame.DownAxis * (CornerFollow * lowerDrop);
        target[48] += cornerMove;
        target[54] += cornerMove;
        target[60] += cornerMove;
        target[64] += cornerMove;
        for (var i = 0; i < JawFollow.Length; i++)
            target[3 + i] += frame.DownAxis * (JawFollow[i] * Math.Max(lowerDrop, -0.5f * frame.Unit));
    }

    private static float LipThickness(float width, MouthRendererOptions options) =>
        1 + options.RoundPout * Math.Max(0, -width) - options.SpreadThinning * Math.Max(0, width);

    private static float SmoothStep(float from, float to, float value)
    {
        var t = Math.Clamp((value - from) / (to - from), 0, 1);
        return t * t * (3 - 2 * t);
    }
}

/// <summary>The mouth's own axes (corner to corner, and down toward the chin) and the face's unit of length.</summary>
internal readonly record struct MouthFrame(Vector2 Center, Vector2 AcrossAxis, Vector2 DownAxis, float Unit)
{
    public static MouthFrame Of(ReadOnlySpan<Vector2> points)
    {
        var left = points[48];
        var right = points[54];
        var across = right - left;
        var axis = across.LengthSquared() > 0 ? Vector2.Normalize(across) : Vector2.UnitX;
        var unit = Vector2.Distance(Mean(points[36..42]), Mean(points[42..48]));
        return new MouthFrame((left + right) / 2, axis, new Vector2(-axis.Y, axis.X), Math.Max(unit, 1));
    }

    public float Across(Vector2 point) => Vector2.Dot(point - Center, AcrossAxis);

    /// <summary>Position (or, for a difference of points, distance) along the downward axis.</summary>
    public float Down(Vector2 point) => Vector2.Dot(point, DownAxis);

    private static Vector2 Mean(ReadOnlySpan<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var point in points)
            sum += point;
        return sum / points.Length;
    }
}
