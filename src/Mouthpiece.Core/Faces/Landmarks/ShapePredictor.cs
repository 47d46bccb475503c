using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Mouthpiece.Media;

namespace Mouthpiece.Faces.Landmarks;

/// <summary>
/// dlib's 68-point face shape predictor (Kazemi &amp; Sullivan's ensemble of regression trees), read
/// from dlib's own model file and evaluated exactly as <c>dlib::shape_predictor::operator()</c> does.
/// Immutable after loading and safe to share between threads.
/// </summary>
public sealed class ShapePredictor
{
    private readonly float[] _initialShape;
    private readonly Cascade[] _cascades;
    private readonly int _maxFeaturePixels;

    internal ShapePredictor(float[] initialShape, Cascade[] cascades)
    {
        _initialShape = initialShape;
        _cascades = cascades;
        _maxFeaturePixels = cascades.Length == 0 ? 0 : cascades.Max(c => c.Anchors.Length);
    }

    /// <summary>Number of cascade levels (15 in dlib's 68-point model).</summary>
    public int CascadeCount => _cascades.Length;

    /// <summary>Regression trees over all cascade levels.</summary>
    public int TreeCount => _cascades.Sum(c => c.TreeCount);

    /// <summary>
    /// Loads a model written by dlib's <c>serialize(shape_predictor)</c>, such as
    /// <see cref="NativeAssets.LandmarkModel"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a 68-point dlib shape predictor; the message names the file.</exception>
    public static ShapePredictor Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return ShapePredictorFile.Read(stream, path);
    }

    /// <summary>
    /// Finds the 68 landmarks of the face in <paramref name="box"/>.
    /// The box follows dlib's rectangle convention: the face's unit square maps to the pixels
    /// <c>X .. X + Width - 1</c> and <c>Y .. Y + Height - 1</c>, so a box of whole pixels gives dlib's answer.
    /// Unlike dlib, the points are not rounded to whole pixels.
    /// </summary>
    /// <param name="luma">
    /// The grayscale image. Mouthpiece passes the Y plane of yuv420p frames (BT.601 luma, video range),
    /// whereas dlib reads a colour image as the plain mean of R, G and B. The trees compare pixel
    /// differences with thresholds, so the other weighting moves points a little: on the test faces about
    /// 1 px on average (1% of the inter-ocular distance), 4 px at most, the size of frame-to-frame jitter.
    /// Stretching Y to full range made it worse. Given dlib's own gray image the result is dlib's.
    /// </param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="stride">Bytes from one row to the next.</param>
    /// <param name="box">The face box, usually from the detector.</param>
    public FaceLandmarks Predict(ReadOnlySpan<byte> luma, int width, int height, int stride, FaceBox box)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        if (luma.Length < (long)(height - 1) * stride + width)
            throw new ArgumentException($"a {width}x{height} image with stride {stride} needs more than {luma.Length} bytes", nameof(luma));
        if (!float.IsFinite(box.X) || !float.IsFinite(box.Y) || !(box.Width >= 1) || !(box.Height >= 1) || !float.IsFinite(box.Area))
            throw new ArgumentException($"not a usable face box: {box}", nameof(box));

        var image = new LumaImage(luma, width, height, stride);
        var toImage = BoxTransform.FromBox(box);
        Span<float> shape = stackalloc float[_initialShape.Length];
        Span<int> features = stackalloc int[_maxFeaturePixels];
        _initialShape.CopyTo(shape);

        foreach (var cascade in _cascades)
        {
            var pixels = features[..cascade.Anchors.Length];
            SampleFeaturePixels(image, toImage, cascade, shape, pixels);
            AddTreeOutputs(cascade, pixels, shape);
        }
        return ToLandmarks(shape, toImage);
    }

    /// <summary>Finds the 68 landmarks in the luma plane of a yuv420p frame.</summary>
    public FaceLandmarks Predict(VideoFrame frame, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Predict(frame.Y, frame.Width, frame.Height, frame.Width, box);
    }

    // dlib's extract_feature_pixel_values: each feature pixel is stored relative to its anchor landmark
    // in the mean shape; it moves with that landmark and turns and scales with the whole current shape.
    private void SampleFeaturePixels(LumaImage image, BoxTransform toImage, Cascade cascade, ReadOnlySpan<float> shape, Span<int> features)
    {
        var (m00, m01, m10, m11) = SimilarityTransform.Between(_initialShape, shape);
        var deltas = cascade.Deltas;
        var anchors = cascade.Anchors;
        for (var i = 0; i < features.Length; i++)
        {
            float dx = deltas[2 * i], dy = deltas[2 * i + 1];
            var anchor = 2 * anchors[i];
            // Same float operations in the same order as dlib, so the rounding to a pixel agrees.
            var x = m00 * dx + m01 * dy + shape[anchor];
            var y = m10 * dx + m11 * dy + shape[anchor + 1];
            features[i] = image.IntensityNear(toImage.X(x), toImage.Y(y));
        }
    }

    // Trees ahead whose leaf is fetched while the current one is added.
    private const int PrefetchDistance = 4;

    // The leaves (65 MB in dlib's model) are far beyond any cache, so adding them waits on memory. All trees'
    // leaves are found first; then, while one leaf is added, the one a few trees ahead is already being fetched.
    // The sum keeps dlib's order, so the result is bit-identical.
    private static unsafe void AddTreeOutputs(Cascade cascade, ReadOnlySpan<int> features, Span<float> shape)
    {
        var splits = cascade.Splits.AsSpan();
        var splitCount = cascade.SplitsPerTree;
        var leafFloats = (splitCount + 1) * shape.Length;
        Span<int> leafStarts = stackalloc int[cascade.TreeCount];
        for (var tree = 0; tree < leafStarts.Length; tree++)
            leafStarts[tree] = tree * leafFloats + FindLeaf(splits.Slice(tree * splitCount, splitCount), features) * shape.Length;
        fixed (float* leaves = cascade.Leaves)
        {
            for (var tree = 0; tree < leafStarts.Length; tree++)
            {
                if (tree + PrefetchDistance < leafStarts.Length)
                    Prefetch((byte*)(leaves + leafStarts[tree + PrefetchDistance]), shape.Length * sizeof(float));
                AddInPlace(shape, new ReadOnlySpan<float>(leaves + leafStarts[tree], shape.Length));
            }
        }
    }

    private static unsafe void Prefetch(byte* start, int bytes)
    {
        if (!Sse.IsSupported)
            return;
        for (var offset = 0; offset <= bytes; offset += 64) // one line more: a leaf need not start on a line
            Sse.Prefetch0(start + offset);
    }

    // A full binary tree in breadth-first order: node i's children are 2i+1 (pixel difference above the
    // threshold) and 2i+2; the leaves follow the splits.
    private static int FindLeaf(ReadOnlySpan<Split> splits, ReadOnlySpan<int> features)
    {
        var node = 0;
        while (node < splits.Length)
        {
            var split = splits[node];
            node = features[split.FirstPixel] - features[split.SecondPixel] > split.Threshold ? 2 * node + 1 : 2 * node + 2;
        }
        return node - splits.Length;
    }

    // Element-wise, so the vectorised sum is bit-identical to dlib's scalar one.
    private static void AddInPlace(Span<float> shape, ReadOnlySpan<float> delta)
    {
        var i = 0;
        for (; i <= shape.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(shape[i..]) + new Vector<float>(delta[i..])).CopyTo(shape[i..]);
        for (; i < shape.Length; i++)
            shape[i] += delta[i];
    }

    private static FaceLandmarks ToLandmarks(ReadOnlySpan<float> shape, BoxTransform toImage)
    {
        var points = new Vector2[shape.Length / 2];
        for (var i = 0; i < points.Length; i++)
            points[i] = new Vector2((float)toImage.X(shape[2 * i]), (float)toImage.Y(shape[2 * i + 1]));
        return new FaceLandmarks(points);
    }

    internal readonly record struct Split(int FirstPixel, int SecondPixel, float Threshold);

    /// <summary>One level of the cascade: its forest and the feature pixels its trees compare.</summary>
    internal sealed record Cascade(int TreeCount, int SplitsPerTree, Split[] Splits, float[] Leaves, int[] Anchors, float[] Deltas);

    /// <summary>dlib's unnormalizing_tform: the unit square to the box's first and last pixel, in double.</summary>
    private readonly record struct BoxTransform(double Left, double Top, double ScaleX, double ScaleY)
    {
        public static BoxTransform FromBox(FaceBox box) => new(box.X, box.Y, box.Width - 1.0, box.Height - 1.0);

        public double X(float unitX) => ScaleX * unitX + Left;

        public double Y(float unitY) => ScaleY * unitY + Top;
    }

    private readonly ref struct LumaImage(ReadOnlySpan<byte> pixels, int width, int height, int stride)
    {
        private readonly ReadOnlySpan<byte> _pixels = pixels;

        // dlib rounds to the nearest pixel (floor(v + 0.5)) and reads 0 outside the image.
        public int IntensityNear(double x, double y)
        {
            var column = Math.Floor(x + 0.5);
            var row = Math.Floor(y + 0.5);
            if (column < 0 || row < 0 || column >= width || row >= height)
                return 0;
            return _pixels[(int)row * stride + (int)column];
        }
    }
}
