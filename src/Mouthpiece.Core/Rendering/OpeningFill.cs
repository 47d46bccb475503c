using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Fills the opening where the target mouth opens beyond the source's: an <see cref="IInnerMouthPainter"/> paints
/// the inside of the target inner lips, and it is blended in with soft edges on the lips (none where lips meet)
/// and the region's feather. The person's own cavity, stretched, looks right for modest openings; beyond about
/// twice its size the painting takes over.
/// </summary>
internal sealed class OpeningFill(IInnerMouthPainter painter, MouthRendererOptions options)
{
    private readonly InnerMouthCanvas _canvas = new();
    private readonly Vector2[] _upperLip = new Vector2[InnerLipCurve.TracedPoints];
    private readonly Vector2[] _lowerLip = new Vector2[InnerLipCurve.TracedPoints];
    private float[] _coverage = [];

    public void Fill(VideoFrame frame, LowerFaceRegion region, FaceLandmarks source, ReadOnlySpan<Vector2> target)
    {
        var mouth = MouthFrame.Of(source.Points);
        var sourceGap = mouth.Down(source[66] - source[62]);
        var targetGap = mouth.Down(target[66] - target[62]);
        var fill = FillAmount(sourceGap, targetGap);
        if (fill <= 0 || targetGap < 1)
            return;
        var bounds = InnerLipCurve.OpeningBounds(target, region.Box);
        if (bounds.IsEmpty)
            return;
        _canvas.Reset(bounds, target.Slice(60, 8), targetGap, mouth.Unit, region.SkinTone(source, mouth.Unit), frame.Index);
        MapOpening(bounds, target);
        painter.Paint(_canvas);
        BlendLuma(frame, region, fill);
        BlendChroma(frame.U, _canvas.U, frame, region, fill);
        BlendChroma(frame.V, _canvas.V, frame, region, fill);
    }

    private static float FillAmount(float sourceGap, float targetGap)
    {
        if (sourceGap < 0.5f)
            return 1;
        return LowerFaceRegion.SmoothStep((targetGap / sourceGap - 1.15f) / (2.2f - 1.15f));
    }

    // For every canvas pixel: where it sits in the opening (for the painter) and how much of it is opening (for the blend).
    private void MapOpening(PixelRect bounds, ReadOnlySpan<Vector2> target)
    {
        var (center, axis, down, halfWidth) = InnerLipCurve.Trace(target, _upperLip, _lowerLip);
        if (_coverage.Length < bounds.Width * bounds.Height)
            _coverage = new float[bounds.Width * bounds.Height];
        var edge = Math.Max(options.InnerMouthEdgePixels, 0.1f);
        for (var y = 0; y < bounds.Height; y++)
        {
            for (var x = 0; x < bounds.Width; x++)
            {
                var local = InnerLipCurve.ToMouth(new Vector2(bounds.Left + x, bounds.Top + y), center, axis, down);
                var top = InnerLipCurve.Contour(_upperLip, local.X);
                var bottom = InnerLipCurve.Contour(_lowerLip, local.X);
                var i = y * bounds.Width + x;
                _canvas.WritableAcross[i] = local.X / halfWidth;
                _canvas.WritableDown[i] = (local.Y - top) / Math.Max(bottom - top, 0.5f);
                _canvas.WritableDepth[i] = local.Y - top;
                // Zero on the lip contour itself, so lips that meet get no dark line from here.
                _coverage[i] = Math.Clamp(2 * Math.Min(local.Y - top, bottom - local.Y) / edge, 0, 1);
            }
        }
    }

    private void BlendLuma(VideoFrame frame, LowerFaceRegion region, float fill)
    {
        var bounds = _canvas.Bounds;
        var box = region.Box;
        for (var y = 0; y < bounds.Height; y++)
        {
            var row = frame.Y.Slice((bounds.Top + y) * frame.Width + bounds.Left, bounds.Width);
            var layer = _canvas.Y.Slice(y * bounds.Width, bounds.Width);
            var rowWeight = fill * region.RowWeights[bounds.Top + y - box.Top];
            for (var x = 0; x < bounds.Width; x++)
            {
                var weight = rowWeight * region.ColumnWeights[bounds.Left + x - box.Left] * _coverage[y * bounds.Width + x];
                row[x] = (byte)(row[x] + weight * (layer[x] - row[x]) + 0.5f);
            }
        }
    }

    private void BlendChroma(Span<byte> plane, ReadOnlySpan<byte> layer, VideoFrame frame, LowerFaceRegion region, float fill)
    {
        var bounds = _canvas.Bounds;
        var chroma = region.Chroma;
        var width = Math.Min(_canvas.ChromaWidth, frame.ChromaWidth - bounds.Left / 2);
        var height = Math.Min(_canvas.ChromaHeight, frame.ChromaHeight - bounds.Top / 2);
        for (var cy = 0; cy < height; cy++)
        {
            var row = plane.Slice((bounds.Top / 2 + cy) * frame.ChromaWidth + bounds.Left / 2, width);
            var layerRow = layer.Slice(cy * _canvas.ChromaWidth, width);
            var rowWeight = fill * region.ChromaRowWeights[bounds.Top / 2 + cy - chroma.Top];
            for (var cx = 0; cx < width; cx++)
            {
                var weight = rowWeight * region.ChromaColumnWeights[bounds.Left / 2 + cx - chroma.Left] * BlockCoverage(bounds.Width, cx, cy);
                row[cx] = (byte)(row[cx] + weight * (layerRow[cx] - row[cx]) + 0.5f);
            }
        }
    }

    private float BlockCoverage(int width, int cx, int cy)
    {
        var i = 2 * cy * width + 2 * cx;
        return (_coverage[i] + _coverage[i + 1] + _coverage[i + width] + _coverage[i + width + 1]) / 4;
    }
}
