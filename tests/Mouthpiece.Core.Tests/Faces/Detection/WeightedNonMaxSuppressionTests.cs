using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;

namespace Mouthpiece.Core.Tests.Faces.Detection;

public class WeightedNonMaxSuppressionTests
{
    [Fact]
    public void Overlapping_detections_merge_into_their_score_weighted_mean_with_the_best_score()
    {
        var candidates = new List<DetectedFace> { Face(10, 10, 100, 0.6f), Face(20, 10, 100, 0.9f), Face(13, 16, 100, 0.3f) };
        var faces = new List<DetectedFace>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, faces);

        var face = Assert.Single(faces);
        var expectedX = (10 * 0.6f + 20 * 0.9f + 13 * 0.3f) / 1.8f;
        var expectedY = (10 * 0.6f + 10 * 0.9f + 16 * 0.3f) / 1.8f;
        Assert.Equal(expectedX, face.Box.X, 0.001f);
        Assert.Equal(expectedY, face.Box.Y, 0.001f);
        Assert.Equal(100, face.Box.Width, 0.001f);
        Assert.Equal(0.9f, face.Box.Score);
        Assert.Equal(expectedX + 30, face.Keypoints.LeftEye.X, 0.001f);
        Assert.Equal(expectedY + 60, face.Keypoints.Mouth.Y, 0.001f);
    }

    [Fact]
    public void Separate_faces_stay_separate_best_first()
    {
        var candidates = new List<DetectedFace> { Face(0, 0, 50, 0.8f), Face(300, 0, 50, 0.95f), Face(5, 2, 50, 0.9f) };
        var faces = new List<DetectedFace>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, faces);

        Assert.Equal(2, faces.Count);
        Assert.Equal(300, faces[0].Box.X, 0.001f);
        Assert.Equal(0.95f, faces[0].Box.Score);
        Assert.InRange(faces[1].Box.X, 0, 5);
        Assert.Equal(0.9f, faces[1].Box.Score);
    }

    [Fact]
    public void Detections_overlapping_less_than_the_threshold_are_not_merged()
    {
        // Two 100-pixel boxes 60 pixels apart overlap with IoU 40/160 = 0.25.
        var candidates = new List<DetectedFace> { Face(0, 0, 100, 0.9f), Face(60, 0, 100, 0.8f) };
        var faces = new List<DetectedFace>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, faces);

        Assert.Equal(2, faces.Count);
        Assert.Equal([0f, 60f], faces.Select(f => f.Box.X));
    }

    [Fact]
    public void No_candidates_give_no_faces()
    {
        var faces = new List<DetectedFace> { Face(0, 0, 10, 1) };

        WeightedNonMaxSuppression.Apply([], 0.3f, faces);

        Assert.Empty(faces);
    }

    private static DetectedFace Face(float x, float y, float size, float score)
    {
        var eye = new Vector2(x + 30, y + 30);
        return new DetectedFace(
            new FaceBox(x, y, size, size, score),
            new FaceKeypoints(eye, eye + new Vector2(40, 0), eye + new Vector2(20, 15), new Vector2(x + 50, y + 60), eye, eye));
    }
}
