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

    // Boxes the detector gave on these frames through the hand-written ONNX Runtime 1.30 binding, before the NuGet
    // package replaced it: a change of runtime, binding or pre-processing must not move them.
    [Theory]
    [InlineData("back", "astronaut-512.jpg", 172.532f, 73.555f, 105.474f, 105.474f, 223.603f, 149.354f)]
    [InlineData("back", "talking-man-512x480.jpg", 123.319f, 139.028f, 265.510f, 265.512f, 245.575f, 331.278f)]
    [InlineData("back", "woman-square-512.jpg", 97.945f, 172.387f, 324.014f, 324.047f, 245.185f, 414.481f)]
    [InlineData("back", "landscape-woman-640x360.jpg", 309.818f, 75.761f, 122.168f, 122.168f, 394.827f, 164.782f)]
    [InlineData("back", "portrait-man-360x640.jpg", 77.777f, 211.420f, 208.379f, 208.379f, 181.982f, 355.993f)]
    [InlineData("front", "astronaut-512.jpg", 178.993f, 81.095f, 92.768f, 92.769f, 221.014f, 144.355f)]
    [InlineData("front", "talking-man-512x480.jpg", 127.247f, 148.357f, 259.346f, 259.300f, 240.325f, 328.580f)]
    [InlineData("front", "woman-square-512.jpg", 108.253f, 196.392f, 307.218f, 307.188f, 244.427f, 417.508f)]
    [InlineData("front", "landscape-woman-640x360.jpg", 311.121f, 79.144f, 122.218f, 122.218f, 394.833f, 161.401f)]
    [InlineData("front", "portrait-man-360x640.jpg", 80.193f, 210.271f, 213.209f, 213.200f, 185.272f, 356.699f)]
    public void Boxes_stay_where_the_recorded_detections_put_them(
        string model, string file, float x, float y, float width, float height, float mouthX, float mouthY)
    {
        using var detector = new FaceDetector(new FaceDetectorOptions
        {
            ModelPath = model == "front" ? NativeAssets.BlazeFaceFrontModel : NativeAssets.BlazeFaceBackModel,
        });

        var face = Assert.Single(detector.Detect(FaceFrames.Load(file)));

        const float tolerance = 0.5f;
        Assert.Equal(x, face.Box.X, tolerance);
        Assert.Equal(y, face.Box.Y, tolerance);
        Assert.Equal(width, face.Box.Width, tolerance);
        Assert.Equal(height, face.Box.Height, tolerance);
        AssertNear(new Vector2(mouthX, mouthY), face.Keypoints.Mouth, tolerance);
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
