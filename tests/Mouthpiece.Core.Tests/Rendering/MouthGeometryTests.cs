using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Rendering;

namespace Mouthpiece.Core.Tests.Rendering;

public class MouthGeometryTests
{
    private static readonly MouthRendererOptions Options = MouthRendererOptions.Default;

    private static FaceLandmarks Target(string fixture, MouthShape shape)
    {
        var source = RenderingFixture.Load(fixture).Landmarks;
        return MouthGeometry.Target(source, shape, MouthNeutral.FromFace(source, Options), Options);
    }

    [Theory]
    [InlineData(RenderingFixture.ManOpen)]
    [InlineData(RenderingFixture.WomanOpen)]
    public void Closed_target_brings_the_inner_lips_together(string fixture)
    {
        Assert.True(RenderingFixture.Load(fixture).Landmarks.InnerLipAperture > 0.2f);

        var closed = Target(fixture, MouthShape.Rest);

        Assert.True(closed.InnerLipAperture < 0.01f, $"aperture {closed.InnerLipAperture}");
    }

    [Fact]
    public void Openness_zero_closes_like_the_closed_flag()
    {
        Assert.True(Target(RenderingFixture.ManOpen, new MouthShape(0, 0, Closed: false)).InnerLipAperture < 0.01f);
    }

    [Theory]
    [InlineData(RenderingFixture.ManClosed)]
    [InlineData(RenderingFixture.ManOpen)]
    public void Larger_openness_gives_a_larger_inner_lip_gap(string fixture)
    {
        float[] openness = [0.1f, 0.3f, 0.6f, 1f];

        var apertures = openness.Select(o => Target(fixture, new MouthShape(o, 0, false)).InnerLipAperture).ToArray();

        for (var i = 1; i < apertures.Length; i++)
            Assert.True(apertures[i] > apertures[i - 1] + 0.03f, string.Join(", ", apertures));
        // The middle gap reaches the configured maximum; the side pairs are a little less open.
        Assert.InRange(apertures[^1], 0.8f * Options.MaxInnerLipGap, Options.MaxInnerLipGap);
    }

    [Fact]
    public void Width_minus_one_narrows_and_plus_one_widens_the_mouth()
    {
        static float CornerDistance(FaceLandmarks face) => Vector2.Distance(face[48], face[54]);
        var neutral = CornerDistance(Target(RenderingFixture.ManClosed, new MouthShape(0.3f, 0, false)));

        var rounded = CornerDistance(Target(RenderingFixture.ManClosed, new MouthShape(0.3f, -1, false)));
        var spread = CornerDistance(Target(RenderingFixture.ManClosed, new MouthShape(0.3f, 1, false)));

        Assert.InRange(rounded / neutral, 1 - Options.RoundLoss - 0.01f, 1 - Options.RoundLoss + 0.01f);
        Assert.InRange(spread / neutral, 1 + Options.SpreadGain - 0.01f, 1 + Options.SpreadGain + 0.01f);
    }

    [Fact]
    public void Openings_wider_than_the_maximum_measure_as_openness_one()
    {
        var face = RenderingFixture.Load(RenderingFixture.WomanOpen).Landmarks;
        Assert.True(face.InnerLipAperture > Options.MaxInnerLipGap);

        var shape = MouthGeometry.ShapeOf(face, MouthNeutral.FromFace(face, Options), Options);

        Assert.Equal(1, shape.Openness);
        Assert.Equal(0, shape.Width, 3);
    }

    [Theory]
    [InlineData(RenderingFixture.ManClosed)]
    [InlineData(RenderingFixture.ManOpen)]
    public void A_face_given_its_own_shape_keeps_its_landmarks(string fixture)
    {
        var source = RenderingFixture.Load(fixture).Landmarks;
        var neutral = MouthNeutral.FromFace(source, Options);

        var target = MouthGeometry.Target(source, MouthGeometry.ShapeOf(source, neutral, Options), neutral, Options);

        for (var i = 0; i < FaceLandmarks.Count; i++)
            Assert.True(Vector2.Distance(source[i], target[i]) < 0.5f, $"point {i} moved {Vector2.Distance(source[i], target[i])} px");
    }

    [Fact]
    public void Only_lips_and_lower_jaw_move()
    {
        var source = RenderingFixture.Load(RenderingFixture.ManClosed).Landmarks;

        var target = Target(RenderingFixture.ManClosed, new MouthShape(1, 1, false));

        for (var i = 0; i < 48; i++)
        {
            if (i is >= 3 and <= 13)
                continue;
            Assert.Equal(source[i], target[i]);
        }
        Assert.True(target[8].Y > source[8].Y + 0.1f * source.InterOcularDistance, "the chin drops with an opening jaw");
    }

    [Fact]
    public void Opening_keeps_the_upper_lip_above_the_lower_lip_and_the_lower_lip_above_the_chin()
    {
        var target = Target(RenderingFixture.ManClosed, new MouthShape(1, 0, false));

        Assert.True(target[51].Y < target[62].Y && target[62].Y < target[66].Y && target[66].Y < target[57].Y && target[57].Y < target[8].Y);
    }
}
