using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Rendering;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Rendering;

public class MouthRendererTests(ITestOutputHelper output)
{
    public static TheoryData<string, float, float, bool> Shapes => new()
    {
        { RenderingFixture.ManClosed, 0.8f, 0, false },
        { RenderingFixture.ManClosed, 0.4f, -1, false },
        { RenderingFixture.ManClosed, 0.35f, 1, false },
        { RenderingFixture.ManOpen, 0, 0, true },
        { RenderingFixture.WomanOpen, 0.5f, 1, false },
        { RenderingFixture.WomanOpen, 1, -1, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nothing_outside_the_lower_face_box_changes(string fixture, float openness, float width, bool closed)
    {
        var (before, after, box) = Render(fixture, new MouthShape(openness, width, closed));

        Assert.False(box.IsEmpty);
        FrameMeasures.AssertUnchangedOutside(before.Y, after.Y, before.Width, box);
        var chromaBox = new PixelRect(box.Left / 2, box.Top / 2, box.Width / 2, box.Height / 2);
        FrameMeasures.AssertUnchangedOutside(before.U, after.U, before.ChromaWidth, chromaBox);
        FrameMeasures.AssertUnchangedOutside(before.V, after.V, before.ChromaWidth, chromaBox);
        Assert.True(FrameMeasures.Psnr(before.Buffer, after.Buffer) < 60, "the mouth did change inside the box");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_box_border_shows_no_seam(string fixture, float openness, float width, bool closed)
    {
        var (before, after, box) = Render(fixture, new MouthShape(openness, width, closed));

        // The two outermost pixel rings inside the box, where the rendered face meets the untouched frame.
        var ring = FrameMeasures.BorderRing(box, depth: 2).ToArray();
        var difference = ring.Average(p => Math.Abs(before.Y[p.Y * before.Width + p.X] - after.Y[p.Y * after.Width + p.X]));

        Assert.True(difference < 0.05, $"mean |Δ| on the border ring: {difference}");
    }

    [Theory]
    [InlineData(RenderingFixture.ManClosed)]
    [InlineData(RenderingFixture.ManOpen)]
    public void Rendering_the_face_with_its_own_shape_barely_changes_it(string fixture)
    {
        var source = RenderingFixture.Load(fixture);
        var neutral = MouthNeutral.FromFace(source.Landmarks, MouthRendererOptions.Default);
        var ownShape = MouthGeometry.ShapeOf(source.Landmarks, neutral, MouthRendererOptions.Default);

        var (before, after, _) = Render(fixture, ownShape);

        var psnr = FrameMeasures.Psnr(before.Buffer, after.Buffer);
        output.WriteLine($"{fixture}: PSNR {psnr:F1} dB");
        Assert.True(psnr > 45, $"PSNR {psnr:F1} dB");
    }

    [Theory]
    [InlineData(0.6f)]
    [InlineData(1f)]
    public void Opening_a_closed_mouth_shows_a_dark_cavity_under_a_band_of_teeth(float openness)
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManClosed);
        var shape = new MouthShape(openness, 0, false);
        var target = TargetLandmarks(fixture, shape);
        var (before, after, _) = Render(RenderingFixture.ManClosed, shape);

        var opening = FrameMeasures.InsideInnerLips(target);
        var skin = FrameMeasures.MeanLuma(before, Square(target[48] + 0.45f * (target[4] - target[48]), 4));
        var dark = (byte)(0.45 * skin);
        var darkShare = (double)FrameMeasures.CountDark(after, opening, dark) / opening.Count;
        output.WriteLine($"opening {opening.Count} px, dark share {darkShare:P0}, skin {skin:F0}");
        Assert.True(FrameMeasures.CountDark(before, opening, dark) < 0.05 * opening.Count, "the closed source has only its lip line dark there");
        Assert.InRange(darkShare, 0.35, 0.95); // a cavity, not a black box: teeth and soft edges take the rest

        var unit = target.InterOcularDistance;
        var teeth = FrameMeasures.MeanLuma(after, Square(target[62] + new Vector2(0, 0.04f * unit), 2));
        var cavity = FrameMeasures.MeanLuma(after, Square((target[62] + 2 * target[66]) / 3, 2));
        var lowerLip = FrameMeasures.MeanLuma(after, Square((target[66] + target[57]) / 2, 2));
        output.WriteLine($"teeth {teeth:F0}, cavity {cavity:F0}, lower lip {lowerLip:F0}");
        Assert.True(teeth > cavity + 0.4 * skin, "the teeth band under the upper lip is much brighter than the cavity");
        var gap = DeepestDip(after, (int)(target[62].Y + (0.04f * unit)), (int)target[61].X, (int)target[63].X);
        output.WriteLine($"deepest dip along the teeth {gap:F0}");
        Assert.True(gap > 0.08 * skin, "the teeth show where one meets the next, not one flat band");
        Assert.True(teeth < 1.1 * skin, "teeth are lit like the face, not glowing");
        Assert.True(lowerLip > 0.7 * skin, "the lower lip stays visible below the opening");
    }

    [Theory]
    [InlineData(RenderingFixture.ManOpen)]
    [InlineData(RenderingFixture.WomanOpen)]
    public void Closing_an_open_mouth_removes_the_dark_cavity(string fixture)
    {
        var source = RenderingFixture.Load(fixture);
        var (before, after, _) = Render(fixture, MouthShape.Rest);

        var sourceOpening = FrameMeasures.InsideInnerLips(source.Landmarks);
        var unit = source.Landmarks.InterOcularDistance;
        var mouthArea = Square(source.Landmarks[57] * 0.5f + source.Landmarks[51] * 0.5f, (int)(0.4f * unit)).ToArray();
        var face = source.Landmarks;
        var dark = (byte)(0.4 * FrameMeasures.MeanLuma(before, Square(face[48] + 0.45f * (face[4] - face[48]), 4)));
        var darkBefore = FrameMeasures.CountDark(before, mouthArea, dark);
        var darkAfter = FrameMeasures.CountDark(after, mouthArea, dark);
        output.WriteLine($"pixels darker than {dark} around the mouth: {darkBefore} → {darkAfter} (opening {sourceOpening.Count} px)");

        Assert.True(darkBefore > sourceOpening.Count / 10, "the source frame shows an open, dark mouth");
        Assert.True(darkAfter < darkBefore / 10, $"{darkAfter} dark pixels remain of {darkBefore}");
    }

    [Fact]
    public void A_mouth_at_the_frame_edge_is_left_alone()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManClosed);
        // Move the face down until its lower lip sits on the bottom row of the frame.
        var shift = new Vector2(0, fixture.Frame.Height - 1 - fixture.Landmarks[57].Y);
        var face = new FaceLandmarks(fixture.Landmarks.Points.Select(p => p + shift).ToArray());
        var frame = fixture.CopyOfFrame();

        var box = new MouthRenderer().Render(frame, face, new MouthShape(1, 0, false));

        Assert.True(box.IsEmpty);
        Assert.Equal(fixture.Frame.Buffer, frame.Buffer);
    }

    private static (VideoFrame Before, VideoFrame After, PixelRect Box) Render(string fixture, MouthShape shape)
    {
        var source = RenderingFixture.Load(fixture);
        var after = source.CopyOfFrame();
        var box = new MouthRenderer().Render(after, source.Landmarks, shape);
        return (source.Frame, after, box);
    }

    private static FaceLandmarks TargetLandmarks(RenderingFixture fixture, MouthShape shape)
    {
        var options = MouthRendererOptions.Default;
        return MouthGeometry.Target(fixture.Landmarks, shape, MouthNeutral.FromFace(fixture.Landmarks, options), options);
    }

    /// <summary>How far a pixel of row <paramref name="y"/> between the two columns lies below the brightest within 3 px on both of its sides.</summary>
    private static double DeepestDip(VideoFrame frame, int y, int from, int to)
    {
        var row = frame.Y.Slice((y * frame.Width) + from, to - from + 1).ToArray();
        return Enumerable.Range(3, row.Length - 6)
            .Max(i => Math.Min(row[(i - 3)..i].Max(), row[(i + 1)..(i + 4)].Max()) - (double)row[i]);
    }

    private static IEnumerable<(int X, int Y)> Square(Vector2 center, int radius)
    {
        for (var y = (int)center.Y - radius; y <= (int)center.Y + radius; y++)
        {
            for (var x = (int)center.X - radius; x <= (int)center.X + radius; x++)
                yield return (x, y);
        }
    }
}
