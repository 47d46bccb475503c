using System.Numerics;
using Mouthpiece.Faces.Detection;

namespace Mouthpiece.Core.Tests.Faces.Detection;

public class BlazeFaceDecoderTests
{
    [Fact]
    public void Box_and_key_points_are_offsets_from_the_anchor_mapped_back_to_the_frame()
    {
        // A 512x512 frame in a 256 input: scale 0.5, no padding, so frame = 2 x input.
        var letterbox = Letterbox.Fit(512, 512, 256);
        Vector2[] anchors = [new(0.25f, 0.5f), new(0.75f, 0.5f)];
        float[] logits = [2f, -5f];
        var boxes = new float[2 * BlazeFaceDecoder.ValuesPerAnchor];
        float[] values = [4, -2, 20, 30, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
        values.CopyTo(boxes, 0);
        var detections = new List<DetectedFace>();

        BlazeFaceDecoder.Decode(logits, boxes, anchors, 256, letterbox, 0.75f, detections);

        var face = Assert.Single(detections);
        // Anchor (64, 128) in input pixels; centre (68, 126), size 20x30; doubled into the frame.
        Assert.Equal(new Vector2(116, 222), new Vector2(face.Box.X, face.Box.Y));
        Assert.Equal(new Vector2(40, 60), new Vector2(face.Box.Width, face.Box.Height));
        Assert.Equal(1 / (1 + MathF.Exp(-2)), face.Box.Score, 0.0001f);
        Assert.Equal(new Vector2(130, 258), face.Keypoints.LeftEye);
        Assert.Equal(new Vector2(140, 268), face.Keypoints.RightEar);
    }
}
