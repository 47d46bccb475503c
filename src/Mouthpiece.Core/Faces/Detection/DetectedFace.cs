using System.Numerics;

namespace Mouthpiece.Faces.Detection;

/// <summary>
/// BlazeFace's six key points in frame pixels. "Left" and "right" are sides of the image, not of the
/// person: for a face looking at the camera, <see cref="LeftEye"/> is the person's right eye.
/// </summary>
public readonly record struct FaceKeypoints(
    Vector2 LeftEye, Vector2 RightEye, Vector2 Nose, Vector2 Mouth, Vector2 LeftEar, Vector2 RightEar)
{
    public const int Count = 6;

    public Vector2 this[int index] => index switch
    {
        0 => LeftEye,
        1 => RightEye,
        2 => Nose,
        3 => Mouth,
        4 => LeftEar,
        5 => RightEar,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"key point index must be below {Count}"),
    };

    internal FaceKeypoints Scaled(float factor) => new(
        LeftEye * factor, RightEye * factor, Nose * factor, Mouth * factor, LeftEar * factor, RightEar * factor);

    internal FaceKeypoints Plus(FaceKeypoints other) => new(
        LeftEye + other.LeftEye, RightEye + other.RightEye, Nose + other.Nose,
        Mouth + other.Mouth, LeftEar + other.LeftEar, RightEar + other.RightEar);
}

/// <summary>One face found by <see cref="FaceDetector"/>: its box (with the detector's score) and key points, in frame pixels.</summary>
public readonly record struct DetectedFace(FaceBox Box, FaceKeypoints Keypoints);
