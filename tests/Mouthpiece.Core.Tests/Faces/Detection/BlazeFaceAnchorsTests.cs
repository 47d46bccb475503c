using System.Numerics;
using Mouthpiece.Faces.Detection;

namespace Mouthpiece.Core.Tests.Faces.Detection;

public class BlazeFaceAnchorsTests
{
    [Fact]
    public void Layers_hold_the_896_anchors_the_model_outputs()
    {
        var counts = BlazeFaceAnchors.Layers.Select(l => BlazeFaceAnchors.ForLayer(l.CellsPerRow, l.AnchorsPerCell).Length);

        Assert.Equal([512, 384], counts);
    }

    [Fact]
    public void Anchors_repeat_each_cell_centre_then_move_along_the_row()
    {
        var anchors = BlazeFaceAnchors.ForLayer(16, 2);

        Assert.Equal(new Vector2(1 / 32f, 1 / 32f), anchors[0]);
        Assert.Equal(anchors[0], anchors[1]);
        Assert.Equal(new Vector2(3 / 32f, 1 / 32f), anchors[2]);
        Assert.Equal(new Vector2(1 / 32f, 3 / 32f), anchors[32]);
        Assert.Equal(new Vector2(31 / 32f, 31 / 32f), anchors[^1]);
    }

    [Fact]
    public void Coarse_layer_has_six_anchors_a_cell()
    {
        var anchors = BlazeFaceAnchors.ForLayer(8, 6);

        Assert.All(anchors[..6], a => Assert.Equal(new Vector2(1 / 16f, 1 / 16f), a));
        Assert.Equal(new Vector2(3 / 16f, 1 / 16f), anchors[6]);
        Assert.Equal(new Vector2(15 / 16f, 15 / 16f), anchors[^1]);
    }
}
