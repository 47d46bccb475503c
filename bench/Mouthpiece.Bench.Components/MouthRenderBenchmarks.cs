using BenchmarkDotNet.Attributes;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;
using Mouthpiece.Rendering;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// Mouth rendering per 1080p frame: the lower face warped to an open mouth, the opening filled and feathered.
/// Render changes the frame in place, so each call starts from a fresh copy of the decoded frame; the copy
/// alone is measured too, to subtract. ([IterationSetup] would restore the frame only once per iteration
/// of hundreds of calls, and BenchmarkDotNet advises against it for millisecond work.)
/// </summary>
public class MouthRenderBenchmarks
{
    private static readonly MouthShape OpenMouth = new(Openness: 0.8f, Width: 0, Closed: false);

    private readonly MouthRenderer _renderer = new();
    private VideoFrame _decoded = null!;
    private VideoFrame _work = null!;
    private FaceLandmarks _landmarks = null!;

    [GlobalSetup]
    public void LoadFrameAndLandmarks()
    {
        (_decoded, var box) = ComponentMedia.Await(ComponentMedia.FaceFrameAsync(height: 1080));
        _work = new VideoFrame(_decoded.Width, _decoded.Height);
        _landmarks = ShapePredictor.Load(NativeAssets.LandmarkModel).Predict(_decoded, box);
        if (CopyFrameAndRender().IsEmpty)
            throw new InvalidOperationException("the mouth is not inside the frame: nothing would be rendered");
    }

    [Benchmark]
    public void CopyFrame() => _decoded.CopyTo(_work);

    [Benchmark]
    public PixelRect CopyFrameAndRender()
    {
        _decoded.CopyTo(_work);
        return _renderer.Render(_work, _landmarks, OpenMouth);
    }
}
