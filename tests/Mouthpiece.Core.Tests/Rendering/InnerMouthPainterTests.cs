using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Rendering;

namespace Mouthpiece.Core.Tests.Rendering;

public class InnerMouthPainterTests
{
    /// <summary>Paints white and records what the renderer told it, to check the hook's contract.</summary>
    private sealed class WhitePainter : IInnerMouthPainter
    {
        public int Calls { get; private set; }

        public float MinAcross { get; private set; } = float.MaxValue;

        public float MaxAcross { get; private set; } = float.MinValue;

        public void Paint(InnerMouthCanvas canvas)
        {
            Calls++;
            canvas.Y.Fill(255);
            canvas.U.Fill(128);
            canvas.V.Fill(128);
            for (var i = 0; i < canvas.Across.Length; i++)
            {
                if (canvas.Down[i] is > 0.3f and < 0.7f)
                {
                    MinAcross = Math.Min(MinAcross, canvas.Across[i]);
                    MaxAcross = Math.Max(MaxAcross, canvas.Across[i]);
                }
            }
        }
    }

    [Fact]
    public void A_supplied_painter_fills_the_opening_and_nothing_around_it()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManClosed);
        var shape = new MouthShape(1, 0, false);
        var painter = new WhitePainter();
        var withPainter = fixture.CopyOfFrame();
        var withDefault = fixture.CopyOfFrame();

        new MouthRenderer(innerMouth: painter).Render(withPainter, fixture.Landmarks, shape);
        new MouthRenderer().Render(withDefault, fixture.Landmarks, shape);

        var options = MouthRendererOptions.Default;
        var target = MouthGeometry.Target(fixture.Landmarks, shape, MouthNeutral.FromFace(fixture.Landmarks, options), options);
        var middle = (target[62] + target[66]) / 2;
        Assert.Equal(1, painter.Calls);
        Assert.True(painter.MinAcross < -0.5f && painter.MaxAcross > 0.5f, "the canvas spans the opening corner to corner");
        Assert.True(Luma(withPainter, middle) > 250, "the painter's pixels fill the middle of the opening");
        // Just outside the inner lips (inside the canvas) the two renders agree: only the opening is the painter's.
        foreach (var outside in new[] { target[62] - new Vector2(0, 2), target[66] + new Vector2(0, 2), target[60] - new Vector2(2, 0) })
            Assert.Equal(Luma(withDefault, outside), Luma(withPainter, outside));
    }

    [Fact]
    public void A_source_opening_about_as_wide_as_the_target_keeps_its_own_inside()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManOpen);
        var options = MouthRendererOptions.Default;
        var own = MouthGeometry.ShapeOf(fixture.Landmarks, MouthNeutral.FromFace(fixture.Landmarks, options), options);
        var painter = new WhitePainter();
        var frame = fixture.CopyOfFrame();

        new MouthRenderer(innerMouth: painter).Render(frame, fixture.Landmarks, own with { Openness = own.Openness * 1.1f });

        Assert.Equal(0, painter.Calls);
    }

    private static byte Luma(Mouthpiece.Media.VideoFrame frame, Vector2 at) => frame.Y[(int)at.Y * frame.Width + (int)at.X];
}
