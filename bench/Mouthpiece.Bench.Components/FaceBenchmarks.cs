using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// Face detection per frame (BlazeFace through ONNX Runtime, one thread, as a tracker's detection stage
/// runs it) and the 68 landmarks per face, on one real frame of the talking clip.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: the detector is released in [GlobalCleanup], not by Dispose.")]
public class FaceBenchmarks
{
    private VideoFrame _frame = null!;
    private FaceBox _box;
    private FaceDetector _detector = null!;
    private ShapePredictor _predictor = null!;

    [Params(1080, 480)]
    public int Height { get; set; }

    [GlobalSetup]
    public void LoadFrameAndModels()
    {
        (_frame, _box) = ComponentMedia.Await(ComponentMedia.FaceFrameAsync(Height));
        _detector = new FaceDetector(new FaceDetectorOptions { Threads = 1 });
        _predictor = ShapePredictor.Load(NativeAssets.LandmarkModel);
    }

    [GlobalCleanup]
    public void ReleaseDetector() => _detector.Dispose();

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectFaces() => _detector.Detect(_frame);

    [Benchmark]
    public FaceLandmarks PredictLandmarks() => _predictor.Predict(_frame, _box);
}
