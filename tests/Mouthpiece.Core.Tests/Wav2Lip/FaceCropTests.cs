using Mouthpiece.Core.Tests.Rendering;
using Mouthpiece.Media;
using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Core.Tests.Wav2Lip;

public sealed class FaceCropTests : IClassFixture<Scratch>
{
    private const int Plane = 96 * 96;
    private readonly Scratch _scratch;

    public FaceCropTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private static VideoFrame Solid(int width, int height, byte y, byte u, byte v)
    {
        var frame = new VideoFrame(width, height);
        frame.Y.Fill(y);
        frame.U.Fill(u);
        frame.V.Fill(v);
        return frame;
    }

    [Fact]
    public void The_input_is_bgr_planes_in_0_to_1_with_the_lower_half_black_then_the_whole_crop()
    {
        // Y 81, U 90, V 240 is pure red in BT.601 limited range.
        var frame = Solid(320, 240, 81, 90, 240);
        var input = new float[6 * Plane];

        new FaceCrop(100, 50, 120, 140).WriteInput(frame, input);

        var (blue, green, red) = (input[3 * Plane + 500], input[4 * Plane + 500], input[5 * Plane + 500]);
        Assert.InRange(red, 0.97f, 1f);
        Assert.InRange(green, 0f, 0.03f);
        Assert.InRange(blue, 0f, 0.03f);
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.Equal(input[(channel + 3) * Plane + 47 * 96 + 10], input[channel * Plane + 47 * 96 + 10]); // row 47: as the reference
            Assert.Equal(0f, input[channel * Plane + 48 * 96 + 10]); // rows 48–95: black
            Assert.Equal(0f, input[channel * Plane + 95 * 96 + 95]);
        }
    }

    [Fact]
    public void The_box_spans_jaw_to_jaw_and_brows_to_below_the_chin()
    {
        var face = RenderingFixture.Load(RenderingFixture.ManOpen).Landmarks;

        var crop = FaceCrop.Around(face, 512, 480)!.Value;

        Assert.Equal(face.Points[..17].Min(p => p.X), crop.Left, 0.01);
        Assert.Equal(face.Points[..17].Max(p => p.X), crop.Left + crop.Width, 0.01);
        Assert.True(crop.Top < face.Points[17..27].Min(p => p.Y), "the box starts above the brows");
        Assert.True(crop.Top + crop.Height > face.Points[8].Y, "the box ends below the chin");
    }

    [Fact]
    public void Pasting_changes_only_the_lower_face_with_a_soft_edge()
    {
        var frame = Solid(320, 240, 128, 128, 128);
        var crop = new FaceCrop(96, 48, 96, 96); // one frame pixel per model pixel
        var generated = new float[3 * Plane];
        Array.Fill(generated, YuvGrey(128));
        for (var channel = 0; channel < 3; channel++)
        {
            for (var row = 66; row < 82; row++)
                generated.AsSpan(channel * Plane + row * 96 + 38, 20).Clear(); // a dark mouth
        }

        new FacePaste().Paste(frame, crop, generated);

        Assert.True(frame.Y[(48 + 74) * 320 + 96 + 48] < 90, "the dark mouth is pasted in");
        Assert.Equal(128, frame.Y[(48 + 20) * 320 + 96 + 48]); // upper face: untouched
        Assert.Equal(128, frame.Y[(48 + 74) * 320 + 40]); // beside the crop: untouched
        Assert.Equal(128, frame.Y[(48 + 95) * 320 + 96 + 48]); // the crop's last row: the feather is at 0 there
    }

    [Fact]
    public void A_model_that_returns_the_crop_leaves_the_face_nearly_as_it_was()
    {
        var fixture = RenderingFixture.Load(RenderingFixture.ManOpen);
        var frame = fixture.CopyOfFrame();
        var model = Wav2LipModel.Load(TinyOnnxModels.WriteWav2Lip(_scratch.File("identity.onnx")), cuda: false);
        var mel = MelSpectrogram.Compute(new float[16_000]);
        var renderer = new Wav2LipRenderer(model, mel, 25);

        Assert.True(renderer.Add(frame, fixture.Landmarks, outputIndex: 0));
        renderer.Flush();

        // The tiny model gives back the reference crop darkened by 0.02·4 for silence; the colour match takes the shift back out
        // and what is left is the resampling through 96×96.
        Assert.True(FrameMeasures.Psnr(fixture.Frame.Y, frame.Y) > 30, $"PSNR {FrameMeasures.Psnr(fixture.Frame.Y, frame.Y):0.0} dB");
        Assert.NotEqual(fixture.Frame.Buffer, frame.Buffer);
        model.Dispose();
    }

    // The 0..1 value of grey Y = U = V = value in each of B, G, R.
    private static float YuvGrey(byte value) => 1.164f * (value - 16) / 255f;
}
