using System.Numerics;

namespace Mouthpiece.Faces.Detection;

// Turns one BlazeFace output layer (a score logit and 16 box values per anchor) into detections in frame pixels. Box
// values are offsets in input pixels from the anchor: centre x, y, width, height, then six key points as x, y pairs
// (as keijiro's Postprocess1 and MediaPipe's TensorsToDetections decode them).
internal static class BlazeFaceDecoder
{
    public const int ValuesPerAnchor = 16;

    public static void Decode(
        ReadOnlySpan<float> scoreLogits, ReadOnlySpan<float> boxes, ReadOnlySpan<Vector2> anchors,
        int inputSize, Letterbox letterbox, float scoreThreshold, List<DetectedFace> detections)
    {
        // Comparing logits skips the exponential for the many anchors far below the threshold.
        var logitThreshold = MathF.Log(scoreThreshold / (1 - scoreThreshold));
        for (var i = 0; i < anchors.Length; i++)
        {
            if (scoreLogits[i] <= logitThreshold)
                continue;
            var values = boxes.Slice(i * ValuesPerAnchor, ValuesPerAnchor);
            var anchor = anchors[i] * inputSize;
            detections.Add(new DetectedFace(
                DecodeBox(values, anchor, letterbox, Sigmoid(scoreLogits[i])),
                DecodeKeypoints(values, anchor, letterbox)));
        }
    }

    private static FaceBox DecodeBox(ReadOnlySpan<float> values, Vector2 anchor, Letterbox letterbox, float score)
    {
        var centre = anchor + new Vector2(values[0], values[1]);
        var halfSize = new Vector2(values[2], values[3]) / 2;
        var topLeft = letterbox.ToFrame(centre - halfSize);
        var bottomRight = letterbox.ToFrame(centre + halfSize);
        return new FaceBox(topLeft.X, topLeft.Y, bottomRight.X - topLeft.X, bottomRight.Y - topLeft.Y, score);
    }

    private static FaceKeypoints DecodeKeypoints(ReadOnlySpan<float> values, Vector2 anchor, Letterbox letterbox) => new(
        Keypoint(values, 0, anchor, letterbox), Keypoint(values, 1, anchor, letterbox), Keypoint(values, 2, anchor, letterbox),
        Keypoint(values, 3, anchor, letterbox), Keypoint(values, 4, anchor, letterbox), Keypoint(values, 5, anchor, letterbox));

    private static Vector2 Keypoint(ReadOnlySpan<float> values, int index, Vector2 anchor, Letterbox letterbox) =>
        letterbox.ToFrame(anchor + new Vector2(values[4 + 2 * index], values[5 + 2 * index]));

    private static float Sigmoid(float logit) => 1 / (1 + MathF.Exp(-logit));
}
