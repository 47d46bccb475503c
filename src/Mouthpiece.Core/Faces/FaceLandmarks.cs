using System.Numerics;

namespace Mouthpiece.Faces;

/// <summary>
/// The 68 points of the iBUG 300-W scheme (dlib's shape predictor), in frame pixels:
/// 0–16 jaw, 17–26 brows, 27–35 nose, 36–47 eyes, 48–59 outer lips, 60–67 inner lips.
/// </summary>
public sealed class FaceLandmarks
{
    public const int Count = 68;

    public FaceLandmarks(Vector2[] points)
    {
        if (points.Length != Count)
            throw new ArgumentException($"expected {Count} landmarks, got {points.Length}", nameof(points));
        Points = points;
    }

    public Vector2[] Points { get; }

    public Vector2 this[int index] => Points[index];

    public Vector2 LeftEyeCenter => Mean(36, 42);

    public Vector2 RightEyeCenter => Mean(42, 48);

    /// <summary>Distance between the eye centres: the face's own unit of length.</summary>
    public float InterOcularDistance => Vector2.Distance(LeftEyeCenter, RightEyeCenter);

    /// <summary>Inner-lip opening (mean gap of the three inner lip pairs) in inter-ocular units.</summary>
    public float InnerLipAperture
    {
        get
        {
            var gap = (Vector2.Distance(Points[61], Points[67])
                + Vector2.Distance(Points[62], Points[66])
                + Vector2.Distance(Points[63], Points[65])) / 3;
            var unit = InterOcularDistance;
            return unit <= 0 ? 0 : gap / unit;
        }
    }

    private Vector2 Mean(int from, int to)
    {
        var sum = Vector2.Zero;
        for (var i = from; i < to; i++)
            sum += Points[i];
        return sum / (to - from);
    }
}
