namespace Mouthpiece.Faces.Tracking;

// The face box the shape predictor expects, derived from landmarks. dlib's model was trained on boxes
// from dlib's HOG detector, so between detections the box is rebuilt the way that detector would have
// drawn it around the face's points.
internal static class LandmarkBox
{
    // Fitted on the four golden dlib fixtures (tests/data/landmarks): dlib's detector draws a square about
    // 1.05 times the mean extent of the 68 points (0.96..1.14), centred 8% of its side above their middle.
    private const float SideOverExtent = 1.05f;
    private const float RaiseOverSide = 0.08f;

    public static FaceBox FromLandmarks(FaceLandmarks landmarks)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        foreach (var point in landmarks.Points)
        {
            left = Math.Min(left, point.X);
            right = Math.Max(right, point.X);
            top = Math.Min(top, point.Y);
            bottom = Math.Max(bottom, point.Y);
        }
        var side = SideOverExtent * (right - left + bottom - top) / 2;
        var centreX = (left + right) / 2;
        var centreY = (top + bottom) / 2 - RaiseOverSide * side;
        return new FaceBox(centreX - side / 2, centreY - side / 2, side, side, 1);
    }
}
