using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Faces.Tracking;

// One face the tracker is following: its latest landmarks, raw and smoothed, and how it looked.
internal sealed class FollowedFace
{
    // Consecutive frames of one talking head correlate at 0.96 or more (TrackingPartsTests); a cut or grey frame near 0.
    private const float MinAppearanceCorrelation = 0.6f;

    private const float MinDetectionPixels = 8;

    private readonly LandmarkSmoother _smoother;
    private AppearancePatch _appearance = new();
    private AppearancePatch _candidate = new();

    // Starts following a face at landmarks (from Locate) in frame.
    public FollowedFace(int number, FaceLandmarks landmarks, VideoFrame frame, OneEuroOptions smoothing, double timeSeconds)
    {
        Number = number;
        _smoother = new LandmarkSmoother(smoothing);
        _appearance.Sample(frame, landmarks);
        Accept(landmarks, timeSeconds);
    }

    // See TrackedFace.FaceIndex.
    public int Number { get; }

    // The predictor's landmarks in the latest frame; the next frame's box is built from them.
    public FaceLandmarks Landmarks { get; private set; } = null!;

    public FaceLandmarks Smoothed { get; private set; } = null!;

    // dlib-style box around Landmarks: where the predictor looks in the next frame.
    public FaceBox Box { get; private set; }

    // Detections in a row that found nothing overlapping this face.
    public int MissedDetections { get; set; }

    // Landmarks for a new detection, or null when the points do not form a usable face. The detector's
    // box is drawn differently from the boxes the shape predictor was trained on, so a first prediction
    // only serves to draw a dlib-style box for the second.
    public static FaceLandmarks? Locate(DetectedFace detection, VideoFrame frame, ShapePredictor predictor)
    {
        // Far below the smallest face FaceShape accepts; also keeps degenerate boxes away from the predictor.
        if (!(detection.Box.Width >= MinDetectionPixels && detection.Box.Height >= MinDetectionPixels))
            return null;
        var rough = predictor.Predict(frame, detection.Box);
        var landmarks = predictor.Predict(frame, LandmarkBox.FromLandmarks(rough));
        return FaceShape.IsPlausible(landmarks, frame.Width, frame.Height) ? landmarks : null;
    }

    // Finds the face again in the next frame, where it was in the last one; false when it is lost.
    public bool Follow(VideoFrame frame, ShapePredictor predictor, double timeSeconds)
    {
        var landmarks = predictor.Predict(frame, Box);
        if (!FaceShape.IsPlausible(landmarks, frame.Width, frame.Height) || !FaceShape.FollowsFrom(Landmarks, landmarks))
            return false;
        _candidate.Sample(frame, landmarks);
        if (_candidate.CorrelationWith(_appearance) < MinAppearanceCorrelation)
            return false;
        (_appearance, _candidate) = (_candidate, _appearance);
        Accept(landmarks, timeSeconds);
        return true;
    }

    private void Accept(FaceLandmarks landmarks, double timeSeconds)
    {
        Landmarks = landmarks;
        Smoothed = _smoother.Smooth(landmarks, timeSeconds);
        Box = LandmarkBox.FromLandmarks(landmarks);
    }
}
