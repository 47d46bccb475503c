using System.Numerics;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Faces.Detection;

public class LetterboxTests
{
    [Fact]
    public void Wide_frame_is_scaled_to_the_input_width_and_centred_vertically()
    {
        var box = Letterbox.Fit(1280, 720, 256);

        Assert.Equal(0.2f, box.Scale, 0.0001f);
        Assert.Equal(0, box.OffsetX, 0.0001f);
        Assert.Equal(56, box.OffsetY, 0.0001f);
        Assert.Equal(new Vector2(640, 360), box.ToFrame(new Vector2(128, 128)));
        Assert.Equal(new Vector2(0, 0), box.ToFrame(new Vector2(0, 56)));
    }

    [Fact]
    public void Sampler_pads_outside_the_frame_and_converts_colours_to_minus_one_to_one()
    {
        // Pure red in BT.601 limited-range YUV.
        var frame = new VideoFrame(640, 360);
        frame.Y.Fill(81);
        frame.U.Fill(90);
        frame.V.Fill(240);
        var input = new float[256 * 256 * 3];

        new LetterboxSampler(256).Fill(frame, input);

        // 360 rows scaled by 0.4 fill rows 56..199; rows above and below are padding.
        AssertPixel(input, column: 10, row: 20, -1, -1, -1);
        AssertPixel(input, column: 200, row: 230, -1, -1, -1);
        AssertPixel(input, column: 0, row: 56, 1, -1, -1);
        AssertPixel(input, column: 128, row: 128, 1, -1, -1);
        AssertPixel(input, column: 255, row: 199, 1, -1, -1);
    }

    [Fact]
    public void Sampler_follows_a_luma_ramp_across_the_frame()
    {
        var frame = new VideoFrame(512, 512);
        for (var row = 0; row < 512; row++)
        {
            for (var column = 0; column < 512; column++)
                frame.Y[row * 512 + column] = (byte)(16 + column * 219 / 511);
        }
        frame.U.Fill(128);
        frame.V.Fill(128);
        var input = new float[256 * 256 * 3];

        new LetterboxSampler(256).Fill(frame, input);

        var expectedMiddle = ((16 + 256.5f * 219 / 511) - 16) * 255 / 219 * 2 / 255 - 1;
        AssertPixel(input, column: 128, row: 10, expectedMiddle, expectedMiddle, expectedMiddle, tolerance: 0.02f);
        Assert.True(input[(10 * 256 + 200) * 3] > input[(10 * 256 + 100) * 3], "brighter to the right");
    }

    private static void AssertPixel(float[] input, int column, int row, float r, float g, float b, float tolerance = 0.03f)
    {
        var at = (row * 256 + column) * 3;
        Assert.Equal(r, input[at], tolerance);
        Assert.Equal(g, input[at + 1], tolerance);
        Assert.Equal(b, input[at + 2], tolerance);
    }
}
