using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Faces.Landmarks;

public sealed class ShapePredictorTests(ITestOutputHelper output)
{
    // dlib's shape before its final rounding, replayed by tools/dlib-golden; float vs double in the
    // last step accounts for ~1e-5 px, so anything near this bound means a different tree path.
    private const float ExactTolerancePixels = 0.05f;

    public static TheoryData<string> Fixtures => [.. GoldenFace.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Matches_dlib_on_the_same_grayscale_image(string name)
    {
        var face = GoldenFace.Load(name);

        var landmarks = LandmarkModel.Shared.Predict(face.Pixels, face.Width, face.Height, face.Width, face.Box);

        var errors = landmarks.Points.Select((p, i) => Vector2.Distance(p, face.ExactPoints[i])).ToArray();
        output.WriteLine($"{name}: max {errors.Max():F6} px, mean {errors.Average():F6} px");
        Assert.All(errors, e => Assert.InRange(e, 0, ExactTolerancePixels));
        // dlib itself reports whole pixels: floor(v + 0.5) of the same values.
        var rounded = landmarks.Points.Select(p => new Vector2(MathF.Floor(p.X + 0.5f), MathF.Floor(p.Y + 0.5f)));
        Assert.Equal(face.DlibPoints, rounded);
    }

    // Our frames give the predictor BT.601 luma (Y), dlib's users give it RGB, which dlib reads as
    // (R + G + B) / 3. The trees see other pixel differences, so points move a little: this bounds how much.
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Stays_close_to_dlib_given_the_colour_image(string name)
    {
        var face = GoldenFace.Load(name);
        var fromRgb = GoldenFace.LoadExactPointsFromRgb(name);

        var landmarks = LandmarkModel.Shared.Predict(face.Pixels, face.Width, face.Height, face.Width, face.Box);

        var unit = landmarks.InterOcularDistance;
        var errors = landmarks.Points.Select((p, i) => Vector2.Distance(p, fromRgb[i]) / unit).ToArray();
        output.WriteLine($"{name}: Y plane vs dlib on RGB: max {errors.Max() * unit:F2} px, mean {errors.Average() * unit:F2} px (inter-ocular {unit:F0} px)");
        Assert.InRange(errors.Average(), 0, 0.015);
        Assert.InRange(errors.Max(), 0, 0.05);
    }

    [Fact]
    public void Reads_the_luma_through_the_stride()
    {
        var face = GoldenFace.Load("astronaut");
        const int padding = 13;
        var stride = face.Width + padding;
        var padded = new byte[stride * face.Height];
        for (var y = 0; y < face.Height; y++)
            face.Pixels.AsSpan(y * face.Width, face.Width).CopyTo(padded.AsSpan(y * stride));

        var landmarks = LandmarkModel.Shared.Predict(padded, face.Width, face.Height, stride, face.Box);

        Assert.Equal(LandmarkModel.Shared.Predict(face.Pixels, face.Width, face.Height, face.Width, face.Box).Points, landmarks.Points);
    }

    [Fact]
    public void Reads_the_luma_plane_of_a_video_frame()
    {
        var face = GoldenFace.Load("landscape");
        var frame = new VideoFrame(face.Width, face.Height);
        face.Pixels.CopyTo(frame.Y);
        frame.U.Fill(200);
        frame.V.Fill(40);

        var landmarks = LandmarkModel.Shared.Predict(frame, face.Box);

        Assert.All(landmarks.Points.Zip(face.ExactPoints), pair => Assert.InRange(Vector2.Distance(pair.First, pair.Second), 0, ExactTolerancePixels));
    }

    [Fact]
    public void Follows_the_box_when_the_image_moves()
    {
        var face = GoldenFace.Load("talking");
        const int shift = 7;
        var shifted = new byte[face.Pixels.Length];
        for (var y = 0; y < face.Height; y++)
            face.Pixels.AsSpan(y * face.Width, face.Width - shift).CopyTo(shifted.AsSpan(y * face.Width + shift));
        var box = face.Box with { X = face.Box.X + shift };

        var moved = LandmarkModel.Shared.Predict(shifted, face.Width, face.Height, face.Width, box);

        var expected = face.ExactPoints.Select(p => p + new Vector2(shift, 0));
        Assert.All(moved.Points.Zip(expected), pair => Assert.InRange(Vector2.Distance(pair.First, pair.Second), 0, ExactTolerancePixels));
    }

    [Fact]
    public void Rejects_a_luma_plane_smaller_than_its_size()
    {
        var face = GoldenFace.Load("astronaut");

        Assert.Throws<ArgumentException>(() =>
            LandmarkModel.Shared.Predict(face.Pixels.AsSpan(1), face.Width, face.Height, face.Width, face.Box));
    }

    [Theory]
    [InlineData(float.NaN, 10, 50)]
    [InlineData(10, float.PositiveInfinity, 50)]
    [InlineData(10, 10, 0)]
    public void Rejects_a_box_that_is_not_a_face(float x, float y, float size)
    {
        var face = GoldenFace.Load("astronaut");

        Assert.Throws<ArgumentException>(() =>
            LandmarkModel.Shared.Predict(face.Pixels, face.Width, face.Height, face.Width, new FaceBox(x, y, size, size, 1)));
    }

    [Fact]
    public void Allocates_nothing_but_the_result()
    {
        var face = GoldenFace.Load("woman");
        var predictor = LandmarkModel.Shared;
        predictor.Predict(face.Pixels, face.Width, face.Height, face.Width, face.Box);

        const int runs = 300;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
            predictor.Predict(face.Pixels, face.Width, face.Height, face.Width, face.Box);
        var bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - before) / runs;

        // The result: FaceLandmarks plus its Vector2[68] (24 + 68 * 8 bytes of array).
        Assert.InRange(bytesPerCall, 0, 700);
    }
}
