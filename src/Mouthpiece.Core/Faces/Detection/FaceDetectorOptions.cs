namespace Mouthpiece.Faces.Detection;

/// <summary>Settings of a <see cref="FaceDetector"/>.</summary>
public sealed record FaceDetectorOptions
{
    /// <summary>
    /// A BlazeFace ONNX model. The default 256x256 "back" model finds smaller faces than the 128x128
    /// "front" one (<see cref="NativeAssets.BlazeFaceFrontModel"/>), which suits half-body shots.
    /// </summary>
    public string ModelPath { get; init; } = NativeAssets.BlazeFaceBackModel;

    /// <summary>Lowest confidence (0..1) kept as a face.</summary>
    public float ScoreThreshold { get; init; } = 0.75f;

    /// <summary>Detections overlapping at least this much (intersection over union) are merged into one face.</summary>
    public float MergeOverlap { get; init; } = 0.3f;

    /// <summary>CPU threads the model may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Run the model through ONNX Runtime's CUDA provider (only when its check passed).</summary>
    public bool Cuda { get; init; }
}
