using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Rendering;
using Mouthpiece.Rendering.Atlas;

namespace Mouthpiece.Pipeline;

/// <summary>
/// The animate stage's work on one frame, following the <see cref="MouthPlan"/>: lay the planned atlas sample over
/// the face, then warp only what the sample cannot show (closing a sample that is too open, or in the hybrid mode
/// opening one that is too closed); without a sample, warp the frame's own mouth. Openings the warp reveals are
/// filled with the person's widest atlas mouth from the first frame on.
/// </summary>
internal sealed class MouthPainter
{
    // Decoded samples kept: a plan plays runs, so a sample is seldom needed again long after it was shown.
    private const int DecodedSamples = 24;

    private readonly MouthAtlas _atlas;
    private readonly MouthRenderer _renderer;
    private readonly SteadyNeutral _neutral;
    private readonly SampleCompositor _compositor = new();
    private readonly Dictionary<int, SamplePixels> _decoded = [];
    private readonly Queue<int> _decodedOrder = new();
    private readonly CountingPainter _synthetic = new(new SyntheticInnerMouthPainter());

    private MouthPainter(MouthAtlas atlas, MouthPlan plan)
    {
        _atlas = atlas;
        Plan = plan;
        var ownMouth = new OwnMouthPainter(fallback: _synthetic);
        if (WidestExemplar(atlas) is { } exemplar)
            ownMouth.Use(exemplar);
        _renderer = new MouthRenderer(innerMouth: ownMouth);
        _neutral = new SteadyNeutral(_renderer.Options);
    }

    public MouthPlan Plan { get; }

    /// <summary>Frames whose opening was painted without any picture of the person's own mouth (none was open enough in the video).</summary>
    public long SyntheticCavityFrames => _synthetic.Frames;

    public static MouthPainter For(MouthAtlas atlas, MouthShape[] track, Func<int, long> sourceOf) =>
        new(atlas, MouthPlan.Create(track, atlas, sourceOf));

    /// <summary>Draws output frame <paramref name="index"/>'s mouth into <paramref name="frame"/>.</summary>
    /// <returns>The inner-lip opening drawn (inter-ocular distances).</returns>
    public double Paint(VideoFrame frame, FaceLandmarks face, int index)
    {
        var neutral = _neutral.For(face);
        var sample = Plan.Samples[index];
        var mouth = face;
        var shown = face.InnerLipAperture;
        var shownWidth = 0f; // the plan uses the sample's width only
        if (sample >= 0)
        {
            var placed = _compositor.Paint(frame, face, _atlas.Samples[sample], Decoded(sample));
            mouth = MouthAtlasBuilder.WithMouthOf(face, new FaceLandmarks(placed)); // lips and jaw where the pasted sample put them
            shown = _atlas.Samples[sample].State.Aperture;
            shownWidth = MouthGeometry.ShapeOf(mouth, neutral, _renderer.Options).Width;
        }
        if (Plan.WarpShape(index, shown, shownWidth) is not { } shape)
            return mouth.InnerLipAperture;
        _renderer.Render(frame, mouth, shape, neutral);
        return MouthGeometry.Target(mouth, shape, neutral, _renderer.Options).InnerLipAperture;
    }

    /// <summary>The face left the picture: colour corrections start afresh when it comes back.</summary>
    public void FaceLost() => _compositor.Reset();

    private SamplePixels Decoded(int sample)
    {
        if (_decoded.TryGetValue(sample, out var pixels))
            return pixels;
        SamplePixels? evicted = null;
        if (_decodedOrder.Count >= DecodedSamples)
            _decoded.Remove(_decodedOrder.Dequeue(), out evicted);
        pixels = _atlas.Samples[sample].Decode(reuse: evicted);
        _decoded[sample] = pixels;
        _decodedOrder.Enqueue(sample);
        return pixels;
    }

    private sealed class CountingPainter(IInnerMouthPainter painter) : IInnerMouthPainter
    {
        public long Frames { get; private set; }

        public void Paint(InnerMouthCanvas canvas)
        {
            Frames++;
            painter.Paint(canvas);
        }
    }

    /// <summary>The inside of the atlas's widest open mouth, for openings the warp makes beyond any sample.</summary>
    private static MouthExemplar? WidestExemplar(MouthAtlas atlas)
    {
        var widest = atlas.Samples.Where(sample => sample.State.Aperture >= MouthExemplar.DefaultMinAperture).MaxBy(sample => sample.State.Aperture);
        if (widest is null)
            return null;
        var pixels = widest.Decode();
        var frame = new VideoFrame(pixels.Width, pixels.Height) { Index = widest.FrameIndex };
        pixels.Y.CopyTo(frame.Y);
        pixels.U.CopyTo(frame.U);
        pixels.V.CopyTo(frame.V);
        var origin = new Vector2(widest.Box.Left, widest.Box.Top);
        return MouthExemplar.TryCapture(frame, new FaceLandmarks([.. widest.Landmarks.Select(point => point - origin)]));
    }
}
