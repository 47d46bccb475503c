using Mouthpiece.Media;

namespace Mouthpiece.Faces.Detection;

// Writes a yuv420p frame into BlazeFace's NHWC RGB input, letterboxed, converting only the pixels it samples
// (bilinear on each plane) so no full-frame RGB copy is ever made. Column lookups are computed once per frame size
// and reused, as video frames all share one size.
internal sealed class LetterboxSampler
{
    // Full-range RGB 0..255 maps to -1..1, the range MediaPipe trained BlazeFace on.
    private const float ValueScale = 2f / 255f;
    private const float ValueOffset = -1f;
    private const float Padding = ValueOffset;

    private readonly int _size;
    private readonly int[] _lumaLeft;
    private readonly int[] _lumaRight;
    private readonly float[] _lumaWeight;
    private readonly int[] _chromaLeft;
    private readonly int[] _chromaRight;
    private readonly float[] _chromaWeight;
    private int _frameWidth;
    private int _frameHeight;
    private int _firstColumn;
    private int _endColumn;

    public LetterboxSampler(int inputSize)
    {
        _size = inputSize;
        _lumaLeft = new int[inputSize];
        _lumaRight = new int[inputSize];
        _lumaWeight = new float[inputSize];
        _chromaLeft = new int[inputSize];
        _chromaRight = new int[inputSize];
        _chromaWeight = new float[inputSize];
    }

    public Letterbox Letterbox { get; private set; }

    public void Fill(VideoFrame frame, Span<float> input)
    {
        PrepareColumns(frame.Width, frame.Height);
        for (var row = 0; row < _size; row++)
        {
            var target = input.Slice(row * _size * 3, _size * 3);
            var frameY = (row + 0.5f - Letterbox.OffsetY) / Letterbox.Scale - 0.5f;
            if (frameY < -0.5f || frameY > frame.Height - 0.5f)
                target.Fill(Padding);
            else
                FillRow(frame, frameY, target);
        }
    }

    private void FillRow(VideoFrame frame, float frameY, Span<float> target)
    {
        var (lumaTop, lumaBottom, lumaWeight) = RowPair(frameY, frame.Height);
        var (chromaTop, chromaBottom, chromaWeight) = RowPair((frameY + 0.5f) / 2 - 0.5f, frame.ChromaHeight);
        var y0 = frame.Y.Slice(lumaTop * frame.Width, frame.Width);
        var y1 = frame.Y.Slice(lumaBottom * frame.Width, frame.Width);
        var u0 = frame.U.Slice(chromaTop * frame.ChromaWidth, frame.ChromaWidth);
        var u1 = frame.U.Slice(chromaBottom * frame.ChromaWidth, frame.ChromaWidth);
        var v0 = frame.V.Slice(chromaTop * frame.ChromaWidth, frame.ChromaWidth);
        var v1 = frame.V.Slice(chromaBottom * frame.ChromaWidth, frame.ChromaWidth);

        target[..(_firstColumn * 3)].Fill(Padding);
        target[(_endColumn * 3)..].Fill(Padding);
        for (var column = _firstColumn; column < _endColumn; column++)
        {
            int l = _lumaLeft[column], r = _lumaRight[column], cl = _chromaLeft[column], cr = _chromaRight[column];
            float w = _lumaWeight[column], cw = _chromaWeight[column];
            var y = Bilinear(y0[l], y0[r], y1[l], y1[r], w, lumaWeight);
            var u = Bilinear(u0[cl], u0[cr], u1[cl], u1[cr], cw, chromaWeight);
            var v = Bilinear(v0[cl], v0[cr], v1[cl], v1[cr], cw, chromaWeight);
            WriteRgb(y, u, v, target.Slice(column * 3, 3));
        }
    }

    // BT.601 limited range, ffmpeg's default for yuv420p, to normalized RGB.
    private static void WriteRgb(float y, float u, float v, Span<float> rgb)
    {
        var luma = 1.164f * (y - 16);
        u -= 128;
        v -= 128;
        rgb[0] = Normalize(luma + 1.596f * v);
        rgb[1] = Normalize(luma - 0.392f * u - 0.813f * v);
        rgb[2] = Normalize(luma + 2.017f * u);
    }

    private static float Normalize(float value) => Math.Clamp(value, 0, 255) * ValueScale + ValueOffset;

    private static float Bilinear(byte topLeft, byte topRight, byte bottomLeft, byte bottomRight, float x, float y)
    {
        var top = topLeft + (topRight - topLeft) * x;
        var bottom = bottomLeft + (bottomRight - bottomLeft) * x;
        return top + (bottom - top) * y;
    }

    // The two rows (or columns) around position, clamped to the plane, and the weight of the second.
    private static (int First, int Second, float Weight) RowPair(float position, int length)
    {
        var clamped = Math.Clamp(position, 0, length - 1);
        var first = (int)clamped;
        return (first, Math.Min(first + 1, length - 1), clamped - first);
    }

    private void PrepareColumns(int frameWidth, int frameHeight)
    {
        if (frameWidth == _frameWidth && frameHeight == _frameHeight)
            return;
        _frameWidth = frameWidth;
        _frameHeight = frameHeight;
        Letterbox = Letterbox.Fit(frameWidth, frameHeight, _size);
        _firstColumn = _size;
        _endColumn = 0;
        var chromaWidth = (frameWidth + 1) / 2;
        for (var column = 0; column < _size; column++)
        {
            var frameX = (column + 0.5f - Letterbox.OffsetX) / Letterbox.Scale - 0.5f;
            if (frameX < -0.5f || frameX > frameWidth - 0.5f)
                continue;
            _firstColumn = Math.Min(_firstColumn, column);
            _endColumn = column + 1;
            (_lumaLeft[column], _lumaRight[column], _lumaWeight[column]) = RowPair(frameX, frameWidth);
            (_chromaLeft[column], _chromaRight[column], _chromaWeight[column]) = RowPair((frameX + 0.5f) / 2 - 0.5f, chromaWidth);
        }
    }
}
