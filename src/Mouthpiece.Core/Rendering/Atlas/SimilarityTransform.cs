using System.Numerics;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// Rotation, uniform scale and shift in the image plane: p' = (a·x − b·y + tx, b·x + a·y + ty). Fitted by least
/// squares to the parts of a face that speaking does not move, so a mouth from one frame lands where another
/// frame's face is.
/// </summary>
public readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    public static readonly SimilarityTransform Identity = new(1, 0, 0, 0);

    /// <summary>Landmarks that stay put while the mouth moves: eye corners, the nose's ridge and base.</summary>
    public static readonly int[] StillPoints = [36, 39, 42, 45, 27, 28, 29, 30, 31, 33, 35];

    public Vector2 Apply(Vector2 p) => new(A * p.X - B * p.Y + Tx, B * p.X + A * p.Y + Ty);

    public float Scale => MathF.Sqrt(A * A + B * B);

    public SimilarityTransform Inverse()
    {
        var norm = A * A + B * B;
        var (a, b) = (A / norm, -B / norm);
        return new SimilarityTransform(a, b, -(a * Tx - b * Ty), -(b * Tx + a * Ty));
    }

    /// <summary>The transform that best carries <paramref name="from"/>'s still points onto <paramref name="to"/>'s.</summary>
    public static SimilarityTransform Fit(ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to)
    {
        var meanFrom = Vector2.Zero;
        var meanTo = Vector2.Zero;
        foreach (var i in StillPoints)
        {
            meanFrom += from[i];
            meanTo += to[i];
        }
        meanFrom /= StillPoints.Length;
        meanTo /= StillPoints.Length;
        float dot = 0, cross = 0, norm = 0;
        foreach (var i in StillPoints)
        {
            var p = from[i] - meanFrom;
            var q = to[i] - meanTo;
            dot += p.X * q.X + p.Y * q.Y;
            cross += p.X * q.Y - p.Y * q.X;
            norm += p.LengthSquared();
        }
        if (norm < 1e-6f)
            return new SimilarityTransform(1, 0, meanTo.X - meanFrom.X, meanTo.Y - meanFrom.Y);
        var (a, b) = (dot / norm, cross / norm);
        return new SimilarityTransform(a, b, meanTo.X - (a * meanFrom.X - b * meanFrom.Y), meanTo.Y - (b * meanFrom.X + a * meanFrom.Y));
    }
}
