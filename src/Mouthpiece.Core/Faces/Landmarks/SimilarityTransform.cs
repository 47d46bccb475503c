namespace Mouthpiece.Faces.Landmarks;

/// <summary>
/// The linear part of the least-squares similarity transform between two shapes, as dlib's
/// find_similarity_transform (Umeyama) gives it. In 2-D Umeyama's SVD solution has a closed form:
/// with the centred cross-covariance C = Σ (to − mean)(from − mean)ᵀ, the best scaled rotation is
/// [[a, −b], [b, a]] with a = (C00 + C11) / σ² and b = (C10 − C01) / σ², σ² = Σ |from − mean|².
/// dlib computes in double and then casts to float; so does this.
/// </summary>
internal static class SimilarityTransform
{
    public static (float M00, float M01, float M10, float M11) Between(ReadOnlySpan<float> from, ReadOnlySpan<float> to)
    {
        var count = from.Length / 2;
        double fromX = 0, fromY = 0, toX = 0, toY = 0;
        for (var i = 0; i < count; i++)
        {
            fromX += from[2 * i];
            fromY += from[2 * i + 1];
            toX += to[2 * i];
            toY += to[2 * i + 1];
        }
        fromX /= count;
        fromY /= count;
        toX /= count;
        toY /= count;

        double sigma = 0, c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (var i = 0; i < count; i++)
        {
            var fx = from[2 * i] - fromX;
            var fy = from[2 * i + 1] - fromY;
            var tx = to[2 * i] - toX;
            var ty = to[2 * i + 1] - toY;
            sigma += fx * fx + fy * fy;
            c00 += tx * fx;
            c01 += tx * fy;
            c10 += ty * fx;
            c11 += ty * fy;
        }
        if (sigma == 0)
            return (1, 0, 0, 1);
        var a = (c00 + c11) / sigma;
        var b = (c10 - c01) / sigma;
        return ((float)a, (float)-b, (float)b, (float)a);
    }
}
