using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;

namespace Mouthpiece.Core.Tests.Faces.Detection;

public sealed class FaceDetectorTests : IDisposable
{
    private readonly FaceDetector _detector = new();

    public void Dispose() => _detector.Dispose();

    // Face centre, size and eye positions read off the frames by eye (see the PNG overlays in the report).
    [Theory]
    [InlineData("astronaut-512.jpg", 226, 126, 100, 203, 101, 249, 102)]
    [InlineData("talking-man-512x480.jpg", 257, 272, 265, 195, 207, 308, 211)]
    [InlineData("woman-square-512.jpg", 260, 340, 310, 187, 272, 318, 272)]
    [InlineData("landscape-woman-640x360.jpg", 371, 138, 120, 359, 111, 408, 108)]
    [InlineData("portrait-man-360x640.jpg", 187, 318, 210, 144, 263, 232, 265)]
    public void Finds_the_one_face_in_a_real_frame(
        string file, float centreX, float centreY, float size, float leftEyeX, float leftEyeY, float rightEyeX, float rightEyeY)
    {
        var face = Assert.Single(_detector.Detect(FaceFrames.Load(file)));

        Assert.InRange(face.Box.Score, 0.75f, 1f);
        var tolerance = 0.12f * size;
        Assert.InRange(face.Box.CenterX, centreX - tolerance, centreX + tolerance);
        Assert.InRange(face.Box.CenterY, centreY - tolerance, centreY + tolerance);
        Assert.InRange(face.Box.Width, 0.8f * size, 1.2f * size);
        Assert.InRange(face.Box.Height, 0.8f * size, 1.2f * size);
        AssertNear(new Vector2(leftEyeX, leftEyeY), face.Keypoints.LeftEye, 0.06f * size);
        AssertNear(new Vector2(rightEyeX, rightEyeY), face.Keypoints.RightEye, 0.06f * size);
        AssertKeypointsLieLikeAFace(face);
    }

    [Fact]
    public void Finds_both_faces_side_by_side()
    {
        var faces = _detector.Detect(FaceFrames.Load("two-faces-1024x512.jpg"));

        Assert.Equal(2, faces.Count);
        var left = faces.Single(f => f.Box.CenterX < 512);
        var right = faces.Single(f => f.Box.CenterX >= 512);
        // The left half is astronaut-512, the right half woman-square-512 shifted by 512 pixels.
        AssertNear(new Vector2(226, 126), new Vector2(left.Box.CenterX, left.Box.CenterY), 12);
        AssertNear(new Vector2(772, 340), new Vector2(right.Box.CenterX, right.Box.CenterY), 37);
        AssertKeypointsLieLikeAFace(left);
        AssertKeypointsLieLikeAFace(right);
        Assert.True(faces[0].Box.Score >= faces[1].Box.Score, "faces come best first");
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1280, 720)]
    [InlineData(360, 640)]
    public void Grey_frame_has_no_face(int width, int height)
    {
        Assert.Empty(_detector.Detect(FaceFrames.Grey(width, height)));
    }

    [Theory]
    [InlineData(512, 512, 1)]
    [InlineData(1280, 720, 2)]
    [InlineData(360, 640, 3)]
    public void Noise_frame_has_no_face(int width, int height, int seed)
    {
        Assert.Empty(_detector.Detect(FaceFrames.Noise(width, height, seed)));
    }

    [Fact]
    public void Frames_of_changing_sizes_give_the_same_faces_as_fresh_ones()
    {
        var landscape = FaceFrames.Load("landscape-woman-640x360.jpg");
        var portrait = FaceFrames.Load("portrait-man-360x640.jpg");

        var first = _detector.Detect(landscape)[0];
        var between = _detector.Detect(portrait)[0];
        var again = _detector.Detect(landscape)[0];

        Assert.Equal(first, again);
        Assert.True(between.Box.CenterY > 200, "the portrait face is found where the portrait has it");
    }

    [Fact]
    public void Front_model_finds_a_close_face_too()
    {
        using var front = new FaceDetector(new FaceDetectorOptions { ModelPath = NativeAssets.BlazeFaceFrontModel });

        var face = Assert.Single(front.Detect(FaceFrames.Load("talking-man-512x480.jpg")));

        Assert.Equal(128, front.InputSize);
        AssertNear(new Vector2(257, 272), new Vector2(face.Box.CenterX, face.Box.CenterY), 30);
    }

    [Fact]
    public void Two_threads_find_the_same_face()
    {
        using var parallel = new FaceDetector(new FaceDetectorOptions { Threads = 2 });
        var frame = FaceFrames.Load("astronaut-512.jpg");

        var one = Assert.Single(_detector.Detect(frame));
        var two = Assert.Single(parallel.Detect(frame));

        AssertNear(new Vector2(one.Box.X, one.Box.Y), new Vector2(two.Box.X, two.Box.Y), 0.01f);
    }

    [Theory]
    [InlineData(0f, 0.3f)]
    [InlineData(1f, 0.3f)]
    [InlineData(0.5f, 0f)]
    public void Thresholds_outside_their_range_are_refused(float score, float overlap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new FaceDetector(new FaceDetectorOptions { ScoreThreshold = score, MergeOverlap = overlap }));
    }

    private static void AssertKeypointsLieLikeAFace(DetectedFace face)
    {
        var box = face.Box;
        var middle = box.Y + box.Height / 2;
        var points = face.Keypoints;
        Assert.True(points.LeftEye.X < points.RightEye.X, "the left eye is left of the right one");
        AssertInside(box, points.LeftEye, box.Y, middle);
        AssertInside(box, points.RightEye, box.Y, middle);
        AssertInside(box, points.Mouth, middle, box.Y + box.Height);
        Assert.InRange(points.Nose.X, points.LeftEye.X, points.RightEye.X);
        Assert.InRange(points.Nose.Y, Math.Min(points.LeftEye.Y, points.RightEye.Y), points.Mouth.Y);
    }

    private static void AssertInside(FaceBox box, Vector2 point, float top, float bottom)
    {
        Assert.InRange(point.X, box.X, box.X + box.Width);
        Assert.InRange(point.Y, top, bottom);
    }

    private static void AssertNear(Vector2 expected, Vector2 actual, float tolerance) =>
        Assert.True(Vector2.Distance(expected, actual) <= tolerance, $"expected {expected} within {tolerance} px, got {actual}");
}
