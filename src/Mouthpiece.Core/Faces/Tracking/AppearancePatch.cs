using System.Numerics;
using Mouthpiece.Media;

namespace Mouthpiece.Faces.Tracking;

// A small grey thumbnail of the upper face (brows, eyes, nose; not the moving mouth), sampled in the
// face's own frame (origin between the eyes, one unit = the inter-ocular distance), so it compares
// across frames whatever the head's position, size and roll. A frame whose thumbnail does not
// correlate with the previous one is not the same face any more: a cut, a fade, an occlusion, grey
// frames. The shape predictor cannot see that, because it finds a face-like shape in anything.
internal sealed class AppearancePatch
{
    private const int Size = 16;
    private const float Left = -1.1f, Right = 1.1f, Top = -0.7f, Bottom = 0.8f;

    // Variance per pixel (luma levels squared) below which the patch is flat: no face at all.
    private const float MinVariance = 4;

    private readonly float[] _pixels = new float[Size * Size];

    // Normalised cross-correlation with other, from -1 to 1; 0 when either is flat.
    // On a real talking head consecutive frames correlate at 0.96 or more.
    public float CorrelationWith(AppearancePatch other)
    {
        double sumA = 0, sumB = 0;
        for (var i = 0; i < _pixels.Length; i++)
        {
            sumA += _pixels[i];
            sumB += other._pixels[i];
        }
        double meanA = sumA / _pixels.Length, meanB = sumB / _pixels.Length;
        double cross = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < _pixels.Length; i++)
        {
            double a = _pixels[i] - meanA, b = other._pixels[i] - meanB;
            cross += a * b;
            varianceA += a * a;
            varianceB += b * b;
        }
        var floor = MinVariance * _pixels.Length;
        return varianceA < floor || varianceB < floor ? 0 : (float)(cross / Math.Sqrt(varianceA * varianceB));
    }

    public void Sample(VideoFrame frame, FaceLandmarks landmarks)
    {
        var origin = (landmarks.LeftEyeCenter + landmarks.RightEyeCenter) / 2;
        var across = landmarks.RightEyeCenter - landmarks.LeftEyeCenter;
        var down = new Vector2(-across.Y, across.X);
        var cellAcross = (Right - Left) / Size * across;
        var cellDown = (Bottom - Top) / Size * down;
        ReadOnlySpan<byte> luma = frame.Y;
        for (var row = 0; row < Size; row++)
        {
            var rowStart = origin + Left * across + (Top + (Bottom - Top) * row / Size) * down;
            for (var column = 0; column < Size; column++)
            {
                var cellCorner = rowStart + column * cellAcross;
                // Four taps per cell instead of one: a cell spans many pixels, and a single tap would
                // alias under sub-pixel motion and lower the correlation of a face that did not change.
                var sum = 0;
                for (var tap = 0; tap < 4; tap++)
                {
                    var point = cellCorner + (0.25f + 0.5f * (tap & 1)) * cellAcross + (0.25f + 0.5f * (tap >> 1)) * cellDown;
                    var x = Math.Clamp((int)MathF.Round(point.X), 0, frame.Width - 1);
                    var y = Math.Clamp((int)MathF.Round(point.Y), 0, frame.Height - 1);
                    sum += luma[y * frame.Width + x];
                }
                _pixels[row * Size + column] = sum / 4f;
            }
        }
    }

    public void CopyTo(AppearancePatch other) => _pixels.CopyTo(other._pixels, 0);
}
