using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Evaluation;

/// <summary>The inner-lip aperture of the main face in each frame of a video; NaN where no face was found.</summary>
public sealed class ApertureSeries
{
    public ApertureSeries(double[] values, double framesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        FramesPerSecond = framesPerSecond;
    }

    /// <summary>Per frame, <see cref="FaceLandmarks.InnerLipAperture"/> (inner-lip gap in inter-ocular units).</summary>
    public double[] Values { get; }

    public double FramesPerSecond { get; }

    public int FrameCount => Values.Length;

    /// <summary>Share of frames (0..1) in which a face was found.</summary>
    public double FaceCoverage => Values.Length == 0 ? 0 : Values.Count(double.IsFinite) / (double)Values.Length;
}

/// <summary>
/// Measures how far the mouth is open in every frame of a video: the face detector on each frame (no
/// tracking, so a miss never drags a stale box along), then dlib's landmarks inside the largest face.
/// A meter, not the renderer's tracker: landmarks are not smoothed, because smoothing would flatten the
/// very openings being measured. Not thread-safe; loads its models once, so reuse one for several videos.
/// </summary>
public sealed class ApertureMeter : IDisposable
{
    // dlib's predictor was trained on its own detector's boxes, which are tighter than BlazeFace's and sit
    // a little lower: measured on the four golden faces, 0.89–0.93 of the size, centre 1–2% lower.
    private const float DlibBoxScale = 0.9f;
    private const float DlibBoxDrop = 0.02f;

    private readonly FaceDetector _detector;
    private readonly ShapePredictor _landmarks;

    public ApertureMeter()
    {
        _landmarks = ShapePredictor.Load(NativeAssets.LandmarkModel);
        _detector = new FaceDetector();
    }

    /// <summary>Decodes <paramref name="video"/> and measures every frame.</summary>
    /// <param name="video">A probed video.</param>
    /// <param name="framesPerSecond">
    /// Resample to this rate, e.g. to compare with another video frame by frame; by default the video's own
    /// rate, made constant so that frame i always means the time i / fps.
    /// </param>
    public async Task<ApertureSeries> MeasureAsync(MediaInfo video, double? framesPerSecond = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        await using var reader = RawVideoReader.Open(video, framesPerSecond ?? video.Video?.FramesPerSecond);
        var frame = new VideoFrame(reader.Width, reader.Height);
        var values = new List<double>();
        while (await reader.ReadAsync(frame, cancellationToken))
            values.Add(Measure(frame));
        return new ApertureSeries([.. values], reader.FramesPerSecond);
    }

    /// <summary>The aperture of the largest face in <paramref name="frame"/>, NaN when there is none.</summary>
    public double Measure(VideoFrame frame) => Landmarks(frame)?.InnerLipAperture ?? double.NaN;

    /// <summary>The unsmoothed landmarks of the largest face in <paramref name="frame"/>, null when there is none.</summary>
    public FaceLandmarks? Landmarks(VideoFrame frame)
    {
        var faces = _detector.Detect(frame);
        if (faces.Count == 0)
            return null;
        var speaker = faces.MaxBy(face => face.Box.Area);
        return _landmarks.Predict(frame, ToDlibBox(speaker.Box));
    }

    public void Dispose() => _detector.Dispose();

    internal static FaceBox ToDlibBox(FaceBox detected)
    {
        var size = detected.Width * DlibBoxScale;
        var centerY = detected.CenterY + DlibBoxDrop * detected.Width;
        return new FaceBox(detected.CenterX - size / 2, centerY - size / 2, size, size, detected.Score);
    }
}
