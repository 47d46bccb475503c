using System.Globalization;
using Mouthpiece.Faces.Detection;

namespace Mouthpiece.Faces.Tracking;

/// <summary>Settings of a <see cref="FaceTracker"/>.</summary>
public sealed record FaceTrackerOptions
{
    /// <summary>
    /// Run the detector on every this many frames (and whenever a face is lost); in between, faces are
    /// followed by their landmarks alone. 1 detects on every frame.
    /// </summary>
    public int DetectEvery { get; init; } = 30;

    /// <summary>
    /// The face to animate, counted from 0 left to right among the faces of the first frame that has any;
    /// null picks the main speaker (the largest face that stays in the picture). Frames where the chosen
    /// face is not found have no face.
    /// </summary>
    public int? FaceIndex { get; init; }

    public FaceDetectorOptions Detector { get; init; } = new();

    public OneEuroOptions Smoothing { get; init; } = OneEuroOptions.Landmarks;

    /// <summary>
    /// Everything here that changes the track a video gets, as text: the face-track cache keys on it.
    /// The detector's thread count is left out because it does not change the result.
    /// </summary>
    public string ResultKey => string.Create(CultureInfo.InvariantCulture,
        $"every={DetectEvery};face={FaceIndex?.ToString(CultureInfo.InvariantCulture) ?? "main"};" +
        $"model={Path.GetFileName(Detector.ModelPath)};score={Detector.ScoreThreshold:R};merge={Detector.MergeOverlap:R};" +
        $"smooth={Smoothing.MinCutoff:R},{Smoothing.Beta:R},{Smoothing.DerivativeCutoff:R}");

    internal void Validate()
    {
        if (DetectEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(DetectEvery), DetectEvery, "must be at least 1");
        if (FaceIndex < 0)
            throw new ArgumentOutOfRangeException(nameof(FaceIndex), FaceIndex, "must not be negative");
        ArgumentNullException.ThrowIfNull(Detector);
        ArgumentNullException.ThrowIfNull(Smoothing);
    }
}
