using Mouthpiece.Media;

namespace Mouthpiece.Wav2Lip;

/// <summary>
/// Puts the model's 96×96 face back into the frame: only the lower face (the half the model was asked to redraw),
/// with a soft edge, and shifted to the frame's own colour there so that a model's slight tint or a lighting change
/// leaves no patch. The feather is the classic engine's: a smooth step over 12 % of the region's shorter side.
/// Keeps its buffers between frames; one instance per render.
/// </summary>
internal sealed class FacePaste
{
    private const int Size = Wav2LipContract.FaceSize;
    private const int Plane = Size * Size;
    private const float FeatherFraction = 0.12f;

    // Rows of the crop that are pasted: from a little above the masked half, so its edge falls on the model's own work.
    private const float FirstRow = Size / 2 - 6;

    private float[] _y = [];
    private float[] _u = [];
    private float[] _v = [];
    private float[] _weight = [];

    /// <summary>Blends <paramref name="bgr"/> (3 planes of 96×96, 0..1) into <paramref name="frame"/> over <paramref name="crop"/>.</summary>
    public void Paste(VideoFrame frame, FaceCrop crop, ReadOnlySpan<float> bgr)
    {
        var left = Math.Max(0, (int)crop.Left) & ~1;
        var top = Math.Max(0, (int)(crop.Top + FirstRow * crop.Height / Size)) & ~1;
        var right = Math.Min(frame.Width, (int)MathF.Ceiling(crop.Left + crop.Width));
        var bottom = Math.Min(frame.Height, (int)MathF.Ceiling(crop.Top + crop.Height));
        var (width, height) = (right - left, bottom - top);
        if (width < 4 || height < 4)
            return;
        Grow(width * height);
        var feather = Math.Max(1, FeatherFraction * Math.Min(width, height));
        var sums = new double[7]; // weight, then frame Y U V and generated Y U V, each weighted
        for (var row = 0; row < height; row++)
        {
            var v = (top + row + 0.5f - crop.Top) * Size / crop.Height - 0.5f;
            var rowWeight = SmoothStep(Math.Min(row, height - 1 - row) / feather);
            for (var column = 0; column < width; column++)
            {
                var u = (left + column + 0.5f - crop.Left) * Size / crop.Width - 0.5f;
                var i = row * width + column;
                var (x, y) = (left + column, top + row);
                (_y[i], _u[i], _v[i]) = YuvColor.FromRgb(255 * Sample(bgr, 2, u, v), 255 * Sample(bgr, 1, u, v), 255 * Sample(bgr, 0, u, v));
                var weight = _weight[i] = rowWeight * SmoothStep(Math.Min(column, width - 1 - column) / feather);
                var chroma = (y / 2) * frame.ChromaWidth + x / 2;
                sums[0] += weight;
                sums[1] += weight * frame.Y[y * frame.Width + x];
                sums[2] += weight * frame.U[chroma];
                sums[3] += weight * frame.V[chroma];
                sums[4] += weight * _y[i];
                sums[5] += weight * _u[i];
                sums[6] += weight * _v[i];
            }
        }
        if (sums[0] <= 0)
            return;
        var shift = (Y: (float)((sums[1] - sums[4]) / sums[0]), U: (float)((sums[2] - sums[5]) / sums[0]), V: (float)((sums[3] - sums[6]) / sums[0]));
        BlendLuma(frame, left, top, width, height, shift.Y);
        BlendChroma(frame.U, frame, _u, left, top, width, height, shift.U);
        BlendChroma(frame.V, frame, _v, left, top, width, height, shift.V);
    }

    private void BlendLuma(VideoFrame frame, int left, int top, int width, int height, float shift)
    {
        for (var row = 0; row < height; row++)
        {
            var line = frame.Y.Slice((top + row) * frame.Width + left, width);
            for (var column = 0; column < width; column++)
            {
                var i = row * width + column;
                line[column] = Byte(line[column] + _weight[i] * (_y[i] + shift - line[column]));
            }
        }
    }

    // Each chroma sample covers 2×2 pixels of the region (left and top are even): their mean weight and colour.
    private void BlendChroma(Span<byte> plane, VideoFrame frame, float[] generated, int left, int top, int width, int height, float shift)
    {
        for (var row = 0; row + 1 < height; row += 2)
        {
            var line = plane.Slice((top + row) / 2 * frame.ChromaWidth + left / 2, width / 2);
            for (var column = 0; column + 1 < width; column += 2)
            {
                var (a, b) = (row * width + column, (row + 1) * width + column);
                var weight = (_weight[a] + _weight[a + 1] + _weight[b] + _weight[b + 1]) / 4;
                var value = (generated[a] + generated[a + 1] + generated[b] + generated[b + 1]) / 4 + shift;
                line[column / 2] = Byte(line[column / 2] + weight * (value - line[column / 2]));
            }
        }
    }

    private static float Sample(ReadOnlySpan<float> bgr, int channel, float u, float v)
    {
        u = Math.Clamp(u, 0, Size - 1);
        v = Math.Clamp(v, 0, Size - 1);
        var (u0, v0) = ((int)u, (int)v);
        var (u1, v1) = (Math.Min(u0 + 1, Size - 1), Math.Min(v0 + 1, Size - 1));
        var (fu, fv) = (u - u0, v - v0);
        var plane = bgr.Slice(channel * Plane, Plane);
        var upper = plane[v0 * Size + u0] + fu * (plane[v0 * Size + u1] - plane[v0 * Size + u0]);
        var lower = plane[v1 * Size + u0] + fu * (plane[v1 * Size + u1] - plane[v1 * Size + u0]);
        return Math.Clamp(upper + fv * (lower - upper), 0, 1);
    }

    private static byte Byte(float value) => (byte)Math.Clamp(value + 0.5f, 0, 255);

    private static float SmoothStep(float t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - 2 * t);
    }

    private void Grow(int count)
    {
        if (_weight.Length >= count)
            return;
        (_y, _u, _v, _weight) = (new float[count], new float[count], new float[count], new float[count]);
    }
}
