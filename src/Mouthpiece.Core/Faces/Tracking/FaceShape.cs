using System.Numerics;

namespace Mouthpiece.Faces.Tracking;

// Whether 68 predicted points still describe a face. The shape predictor always answers, even on a
// wall, so a tracker must check that the answer is a face it can use.
internal static class FaceShape
{
    // Below this the mouth is a few pixels wide: nothing to animate, and the predictor guesses.
    private const float MinInterOcularPixels = 8;

    // The mouth centre lies about 1.0-1.2 inter-ocular distances below the eye line on real faces,
    // less when the head tilts forward; outside this range the points no longer form a face.
    private const float MinMouthDrop = 0.5f;
    private const float MaxMouthDrop = 2.0f;

    // Per frame, a real head changes its size by a few percent; a jump beyond this is a lost track.
    public const float MaxScaleChangePerFrame = 0.2f;

    public static bool IsPlausible(FaceLandmarks landmarks, int frameWidth, int frameHeight)
    {
        var interOcular = landmarks.InterOcularDistance;
        return interOcular >= MinInterOcularPixels
            && MouthDrop(landmarks) is >= MinMouthDrop and <= MaxMouthDrop
            && EyesAndMouthInside(landmarks, frameWidth, frameHeight);
    }

    public static bool FollowsFrom(FaceLandmarks previous, FaceLandmarks current)
    {
        var ratio = current.InterOcularDistance / previous.InterOcularDistance;
        return ratio >= 1 / (1 + MaxScaleChangePerFrame) && ratio <= 1 + MaxScaleChangePerFrame;
    }

    // Distance of the mouth centre from the eye line, in inter-ocular units, positive below the eyes
    // (so it is negative when the eyes swap sides, another sign of a broken shape).
    private static float MouthDrop(FaceLandmarks landmarks)
    {
        var eyeLine = landmarks.RightEyeCenter - landmarks.LeftEyeCenter;
        var down = new Vector2(-eyeLine.Y, eyeLine.X);
        var eyeMiddle = (landmarks.LeftEyeCenter + landmarks.RightEyeCenter) / 2;
        var mouth = (landmarks[48] + landmarks[54] + landmarks[51] + landmarks[57]) / 4;
        return Vector2.Dot(mouth - eyeMiddle, down) / eyeLine.LengthSquared();
    }

    // The renderer needs the eyes (for scale) and the whole mouth; the jaw may leave the picture.
    private static bool EyesAndMouthInside(FaceLandmarks landmarks, int width, int height)
    {
        for (var i = 36; i < FaceLandmarks.Count; i++)
        {
            var point = landmarks[i];
            if (!(point.X >= 0 && point.Y >= 0 && point.X <= width - 1 && point.Y <= height - 1))
                return false;
        }
        return true;
    }
}
