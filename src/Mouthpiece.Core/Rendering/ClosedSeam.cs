using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Lips brought together from an open source meet along a line where two unrelated parts of the source (upper and
/// lower lip rims) touch pixel-sharp. Real closed lips show a soft, slightly dark seam there: this draws it.
/// </summary>
internal sealed class ClosedSeam
{
    private const float HalfWidth = 1.6f;
    private const float Shade = 0.9f;

    private readonly Vector2[] _upperLip = new Vector2[InnerLipCurve.TracedPoints];
    private readonly Vector2[] _lowerLip = new Vector2[InnerLipCurve.TracedPoints];

    public void Soften(VideoFrame frame, LowerFaceRegion region, FaceLandmarks source, ReadOnlySpan<Vector2> target)
    {
        var mouth = MouthFrame.Of(source.Points);
        if (mouth.Down(source[66] - source[62]) < 2 || mouth.Down(target[66] - target[62]) > 1)
            return;
        var (center, axis, down, _) = InnerLipCurve.Trace(target, _upperLip, _lowerLip);
        var box = region.Box;
        var bounds = InnerLipCurve.OpeningBounds(target, box);
        var plane = frame.Y;
        for (var y = Math.Max(bounds.Top, box.Top + 1); y < Math.Min(bounds.Bottom, box.Bottom - 1); y++)
        {
            var row = plane.Slice(y * frame.Width, frame.Width);
            var above = plane.Slice((y - 1) * frame.Width, frame.Width);
            var below = plane.Slice((y + 1) * frame.Width, frame.Width);
            for (var x = bounds.Left; x < bounds.Right; x++)
            {
                var local = InnerLipCurve.ToMouth(new Vector2(x, y), center, axis, down);
                var distance = Math.Abs(local.Y - InnerLipCurve.Contour(_upperLip, local.X));
                if (distance >= HalfWidth || local.X <= _upperLip[0].X || local.X >= _upperLip[^1].X)
                    continue;
                var weight = (1 - distance / HalfWidth) * region.RowWeights[y - box.Top] * region.ColumnWeights[x - box.Left];
                var seam = Shade * (above[x] + row[x] + below[x]) / 3f;
                row[x] = (byte)(row[x] + weight * (seam - row[x]) + 0.5f);
            }
        }
    }
}
