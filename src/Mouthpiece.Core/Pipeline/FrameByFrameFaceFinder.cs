using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// Finds the face to animate in each frame on its own: BlazeFace, then landmarks refined once from a
/// box fitted to the first guess (the predictor was trained on boxes tighter than BlazeFace's).
/// </summary>
internal sealed class FrameByFrameFaceFinder(ShapePredictor landmarks, int? faceIndex) : IDisposable
{
    private readonly FaceDetector detector = new();

    public FaceLandmarks? Find(VideoFrame frame)
    {
        var faces = detector.Detect(frame);
        if (faces.Count == 0)
            return null;
        var chosen = faceIndex is { } index
            ? faces.OrderBy(f => f.Box.X).ElementAtOrDefault(index)
            : faces.MaxBy(f => f.Box.Area);
        if (chosen.Box.Area <= 0)
            return null;
        var first = landmarks.Predict(frame, chosen.Box);
        return landmarks.Predict(frame, BoxAround(first));
    }

    /// <summary>A square box around all 68 points, the shape of box dlib's own detector gives.</summary>
    internal static FaceBox BoxAround(FaceLandmarks face)
    {
        var minX = face.Points.Min(p => p.X);
        var maxX = face.Points.Max(p => p.X);
        var minY = face.Points.Min(p => p.Y);
        var maxY = face.Points.Max(p => p.Y);
        var side = Math.Max(maxX - minX, maxY - minY);
        return new FaceBox((minX + maxX - side) / 2, (minY + maxY - side) / 2, side, side, 1);
    }

    public void Dispose() => detector.Dispose();
}
