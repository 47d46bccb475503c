using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Rendering;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Rendering;

public class OwnMouthPainterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(RenderingFixture.ManOpen)]
    [InlineData(RenderingFixture.WomanOpen)]
    public void An_open_mouth_is_captured_with_its_dark_inside_and_its_skin_tone(string name)
    {
        var fixture = RenderingFixture.Load(name);

        var exemplar = MouthExemplar.TryCapture(fixture.Frame, fixture.Landmarks);

        Assert.NotNull(exemplar);
        Assert.Equal(fixture.Landmarks.InnerLipAperture, exemplar.Aperture);
        var middle = exemplar.Sample(0, 0.5f);
        output.WriteLine($"skin {exemplar.SkinTone}, middle of the opening {middle}, gap {exemplar.GapAt(0):F3}");
        Assert.True(middle.X < 0.6f * exemplar.SkinTone.X, "the middle of a real open mouth is darker than the cheeks");
        Assert.InRange(exemplar.GapAt(0), 0.8f * exemplar.Aperture, 1.3f * exemplar.Aperture);
        Assert.True(exemplar.GapAt(0) > 2 * exemplar.GapAt(0.95f), "the opening narrows toward the corners");
    }

    [Fact]
    public void A_closed_mouth_is_not_captured()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManClosed);

        Assert.Null(MouthExemplar.TryCapture(fixture.Frame, fixture.Landmarks));
    }

    [Fact]
    public void The_exemplar_skin_tone_is_measured_where_the_renderer_measures_it()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManOpen);
        var exemplar = MouthExemplar.TryCapture(fixture.Frame, fixture.Landmarks)!;
        var recorder = new SkinRecorder();

        new MouthRenderer(innerMouth: recorder).Render(fixture.CopyOfFrame(), fixture.Landmarks, new MouthShape(1, 0, false));

        output.WriteLine($"exemplar {exemplar.SkinTone}, canvas {recorder.SkinTone}");
        Assert.True(Vector3.Distance(exemplar.SkinTone, recorder.SkinTone) < 1.5f, "same frame, same cheeks: relighting must be neutral");
    }

    [Fact]
    public void Only_a_clearly_wider_mouth_replaces_the_kept_one()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManOpen);
        var painter = new OwnMouthPainter();

        Assert.False(painter.Offer(RenderingFixture.Load(RenderingFixture.ManClosed).Frame, RenderingFixture.Load(RenderingFixture.ManClosed).Landmarks));
        Assert.Null(painter.Exemplar);
        Assert.True(painter.Offer(fixture.Frame, fixture.Landmarks));
        var first = painter.Exemplar;
        Assert.False(painter.Offer(fixture.Frame, LowerLipDropped(fixture.Landmarks, 1.1f)));
        Assert.Same(first, painter.Exemplar);
        Assert.True(painter.Offer(fixture.Frame, LowerLipDropped(fixture.Landmarks, 1.4f)));
        Assert.NotSame(first, painter.Exemplar);
    }

    [Fact]
    public void Without_an_open_mouth_seen_it_paints_like_the_synthetic_painter()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManClosed);
        var shape = new MouthShape(0.8f, 0, false);
        var own = fixture.CopyOfFrame();
        var synthetic = fixture.CopyOfFrame();

        new MouthRenderer(innerMouth: new OwnMouthPainter()).Render(own, fixture.Landmarks, shape);
        new MouthRenderer().Render(synthetic, fixture.Landmarks, shape);

        Assert.Equal(synthetic.Buffer, own.Buffer);
    }

    [Theory]
    [InlineData(0.4f)]
    [InlineData(0.7f)]
    [InlineData(1f)]
    public void The_mans_own_mouth_looks_more_like_his_real_open_mouth_than_the_synthetic_one(float openness)
    {
        var closed = RenderingFixture.Load(RenderingFixture.ManClosed);
        var open = RenderingFixture.Load(RenderingFixture.ManOpen);
        var painter = new OwnMouthPainter();
        Assert.True(painter.Offer(open.Frame, open.Landmarks));

        var real = ColourStatistics.Of(open.Frame, FrameMeasures.InsideInnerLips(open.Landmarks));
        var distances = CompareWithSynthetic(closed, new MouthShape(openness, 0, false), painter, real, $"man-{openness:0.0}", MouthRendererOptions.Default);

        Assert.True(distances.Own < 0.7 * distances.Synthetic, $"own {distances.Own:F1} vs synthetic {distances.Synthetic:F1}");
    }

    [Fact]
    public void The_womans_mouth_closed_and_opened_again_looks_like_her_own()
    {
        var open = RenderingFixture.Load(RenderingFixture.WomanOpen);
        var painter = new OwnMouthPainter();
        Assert.True(painter.Offer(open.Frame, open.Landmarks));
        // She has no closed frame: close her mouth with the renderer, then open it again from there to her own
        // shape (her "oh" is wider than the default largest opening), so the result compares like with like.
        var closedFrame = open.CopyOfFrame();
        var options = MouthRendererOptions.Default with { MaxInnerLipGap = 0.45f };
        var neutral = MouthNeutral.FromFace(open.Landmarks, options);
        new MouthRenderer(options).Render(closedFrame, open.Landmarks, MouthShape.Rest, neutral);
        var closed = new RenderingFixture(closedFrame, MouthGeometry.Target(open.Landmarks, MouthShape.Rest, neutral, options));
        var ownShape = MouthGeometry.ShapeOf(open.Landmarks, neutral, options);

        var real = ColourStatistics.Of(open.Frame, FrameMeasures.InsideInnerLips(open.Landmarks));
        var distances = CompareWithSynthetic(closed, ownShape, painter, real, "woman-own", options);

        Assert.True(distances.Own < 0.7 * distances.Synthetic, $"own {distances.Own:F1} vs synthetic {distances.Synthetic:F1}");
    }

    public static TheoryData<string, float, float> Shapes => new()
    {
        { RenderingFixture.ManClosed, 1, 0 },
        { RenderingFixture.ManClosed, 0.5f, -1 },
        { RenderingFixture.ManClosed, 0.6f, 1 },
        { RenderingFixture.WomanOpen, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nothing_outside_the_lower_face_box_changes_and_its_border_shows_no_seam(string name, float openness, float width)
    {
        var fixture = RenderingFixture.Load(name);
        var painter = OwnPainterFor(name);
        var after = fixture.CopyOfFrame();

        var box = new MouthRenderer(innerMouth: painter).Render(after, fixture.Landmarks, new MouthShape(openness, width, false));

        Assert.False(box.IsEmpty);
        var before = fixture.Frame;
        var chromaBox = new PixelRect(box.Left / 2, box.Top / 2, box.Width / 2, box.Height / 2);
        FrameMeasures.AssertUnchangedOutside(before.Y, after.Y, before.Width, box);
        FrameMeasures.AssertUnchangedOutside(before.U, after.U, before.ChromaWidth, chromaBox);
        FrameMeasures.AssertUnchangedOutside(before.V, after.V, before.ChromaWidth, chromaBox);
        var ring = FrameMeasures.BorderRing(box, depth: 2).ToArray();
        var difference = ring.Average(p => Math.Abs(before.Y[p.Y * before.Width + p.X] - after.Y[p.Y * after.Width + p.X]));
        Assert.True(difference < 0.05, $"mean |Δ| on the border ring: {difference}");
    }

    private static OwnMouthPainter OwnPainterFor(string name)
    {
        var open = RenderingFixture.Load(name == RenderingFixture.ManClosed ? RenderingFixture.ManOpen : name);
        var painter = new OwnMouthPainter();
        Assert.True(painter.Offer(open.Frame, open.Landmarks));
        return painter;
    }

    private (double Own, double Synthetic) CompareWithSynthetic(
        RenderingFixture source, MouthShape shape, OwnMouthPainter painter, ColourStatistics real, string previewName, MouthRendererOptions options)
    {
        var landmarks = source.Landmarks;
        var neutral = MouthNeutral.FromFace(landmarks, options);
        var target = MouthGeometry.Target(landmarks, shape, neutral, options);
        var opening = FrameMeasures.InsideInnerLips(target);
        var own = source.CopyOfFrame();
        var synthetic = source.CopyOfFrame();
        new MouthRenderer(options, painter).Render(own, landmarks, shape, neutral);
        new MouthRenderer(options).Render(synthetic, landmarks, shape, neutral);

        var ownStatistics = ColourStatistics.Of(own, opening);
        var syntheticStatistics = ColourStatistics.Of(synthetic, opening);
        output.WriteLine($"real      {real}");
        output.WriteLine($"own       {ownStatistics}  distance {ownStatistics.DistanceTo(real):F1}");
        output.WriteLine($"synthetic {syntheticStatistics}  distance {syntheticStatistics.DistanceTo(real):F1}");
        RenderPreview.Write(previewName, source.Frame, synthetic, own);
        return (ownStatistics.DistanceTo(real), syntheticStatistics.DistanceTo(real));
    }

    private static FaceLandmarks LowerLipDropped(FaceLandmarks face, float apertureScale)
    {
        var points = face.Points.ToArray();
        foreach (var (upper, lower) in new[] { (61, 67), (62, 66), (63, 65) })
            points[lower] = points[upper] + (points[lower] - points[upper]) * apertureScale;
        return new FaceLandmarks(points);
    }

    private sealed class SkinRecorder : IInnerMouthPainter
    {
        public Vector3 SkinTone { get; private set; }

        public void Paint(InnerMouthCanvas canvas) => SkinTone = canvas.SkinTone;
    }
}

/// <summary>Mean and spread of Y, U and V over a set of pixels: how an inner mouth looks, without caring where each pixel is.</summary>
internal readonly record struct ColourStatistics(Vector3 Mean, Vector3 Deviation)
{
    public static ColourStatistics Of(VideoFrame frame, IReadOnlyCollection<(int X, int Y)> pixels)
    {
        var samples = pixels.Select(p => new Vector3(
            frame.Y[p.Y * frame.Width + p.X],
            frame.U[p.Y / 2 * frame.ChromaWidth + p.X / 2],
            frame.V[p.Y / 2 * frame.ChromaWidth + p.X / 2])).ToArray();
        var mean = samples.Aggregate(Vector3.Add) / samples.Length;
        var variance = samples.Aggregate(Vector3.Zero, (sum, s) => sum + (s - mean) * (s - mean)) / samples.Length;
        return new ColourStatistics(mean, Vector3.SquareRoot(variance));
    }

    /// <summary>Sum of absolute differences of the six numbers, in 8-bit levels.</summary>
    public double DistanceTo(ColourStatistics other)
    {
        var mean = Vector3.Abs(Mean - other.Mean);
        var deviation = Vector3.Abs(Deviation - other.Deviation);
        return mean.X + mean.Y + mean.Z + deviation.X + deviation.Y + deviation.Z;
    }

    public override string ToString() =>
        FormattableString.Invariant($"mean Y {Mean.X:F0} U {Mean.Y:F0} V {Mean.Z:F0}, std Y {Deviation.X:F1} U {Deviation.Y:F1} V {Deviation.Z:F1}");
}

/// <summary>
/// Before/after pictures to look at: set MOUTHPIECE_RENDER_PREVIEW to a folder and the comparison tests write
/// raw yuv420p frames there (source, synthetic painter, own mouth), e.g. for <c>ffmpeg -f rawvideo -pix_fmt yuv420p -s WxH</c>.
/// </summary>
internal static class RenderPreview
{
    public static void Write(string name, params VideoFrame[] frames)
    {
        var folder = Environment.GetEnvironmentVariable("MOUTHPIECE_RENDER_PREVIEW");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        using var file = File.Create(Path.Combine(folder, FormattableString.Invariant($"{name}-{frames[0].Width}x{frames[0].Height}x{frames.Length}.yuv")));
        foreach (var frame in frames)
            file.Write(frame.Buffer);
    }
}
