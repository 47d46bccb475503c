using System.Diagnostics;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// Follows the faces of a video frame by frame and answers, per frame, the landmarks of the face to
/// animate. The detector runs every <see cref="FaceTrackerOptions.DetectEvery"/> frames and whenever a
/// face is lost; in between, each face's box is rebuilt from its previous landmarks and the shape
/// predictor runs again, which costs a fraction of a detection. A face is lost when its points stop
/// forming a face, its size jumps, it stops looking like itself (a cut, grey frames) or the detector
/// twice in a row finds nothing where it is. Landmarks are smoothed with a One-Euro filter.
/// Frames must come in order, on one thread.
/// </summary>
public sealed class FaceTracker : IDisposable
{
    // A detection belongs to a followed face when their boxes overlap this much (intersection over union).
    private const float MinOverlap = 0.3f;

    // One missed detection is forgiven (the detector's score wavers around its threshold); the next frame
    // is detected again, and a second miss ends the track.
    private const int MaxMissedDetections = 2;

    private readonly ShapePredictor _predictor;
    private readonly FaceDetector _detector;
    private readonly FaceTrackerOptions _options;
    private readonly double _framesPerSecond;
    private readonly List<FollowedFace> _faces = [];
    private readonly FaceNumbering _numbering = new();
    private readonly MainSpeaker _mainSpeaker = new();
    private int _framesSinceDetection;
    private long _lastIndex = -1;

    /// <param name="predictor">The shared landmark model.</param>
    /// <param name="framesPerSecond">The video's frame rate, which gives the smoother its clock.</param>
    /// <param name="options">Null for the defaults.</param>
    public FaceTracker(ShapePredictor predictor, double framesPerSecond, FaceTrackerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (!(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "must be a positive frame rate");
        _options = options ?? new FaceTrackerOptions();
        _options.Validate();
        _predictor = predictor;
        _framesPerSecond = framesPerSecond;
        _detector = new FaceDetector(_options.Detector);
    }

    public FaceTrackerStatistics Statistics { get; private set; } = new(0, 0, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>How many different faces have been seen so far (their numbers are 0 … this − 1, left to right).</summary>
    public int FacesSeen => _numbering.Count;

    /// <summary>The face to animate in <paramref name="frame"/>, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The frame's <see cref="VideoFrame.Index"/> is not after the previous one's.</exception>
    public TrackedFace? Track(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Index <= _lastIndex)
            throw new ArgumentException($"frames must come in order: frame {frame.Index} after frame {_lastIndex}", nameof(frame));
        _lastIndex = frame.Index;
        var started = Stopwatch.GetTimestamp();
        var timeSeconds = frame.Index / _framesPerSecond;

        var lostAny = FollowFaces(frame, timeSeconds);
        var detect = lostAny || DetectionDue();
        if (detect)
        {
            MatchDetections(frame, _detector.Detect(frame), timeSeconds);
            _framesSinceDetection = 0;
        }
        _framesSinceDetection++;
        foreach (var face in _faces)
            _numbering.Seen(face.Number, face.Box);
        var chosen = ChooseFace();

        Statistics = Statistics.Add(detect, Stopwatch.GetElapsedTime(started));
        return chosen is null ? null : new TrackedFace(chosen.Number, chosen.Smoothed, chosen.Box, chosen.Landmarks);
    }

    /// <summary>
    /// Tracks a whole video and returns its face track, one entry per decoded frame. Costs one decode of
    /// the video; cache the result (<see cref="FaceTrackCache"/>).
    /// </summary>
    public static async Task<FaceTrack> TrackVideoAsync(MediaInfo video, ShapePredictor predictor, FaceTrackerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        await using var reader = RawVideoReader.Open(video);
        using var tracker = new FaceTracker(predictor, reader.FramesPerSecond, options);
        var frame = new VideoFrame(reader.Width, reader.Height);
        var track = new FaceTrackBuilder(reader.FramesPerSecond);
        while (await reader.ReadAsync(frame, cancellationToken))
            track.Add(tracker.Track(frame)?.Landmarks);
        return track.Complete();
    }

    public void Dispose() => _detector.Dispose();

    private bool DetectionDue() =>
        _faces.Count == 0 || _framesSinceDetection >= _options.DetectEvery || _faces.Exists(face => face.MissedDetections > 0);

    // Returns whether any face was lost, which calls for a detection in this same frame.
    private bool FollowFaces(VideoFrame frame, double timeSeconds) =>
        _faces.RemoveAll(face => !face.Follow(frame, _predictor, timeSeconds)) > 0;

    private void MatchDetections(VideoFrame frame, IReadOnlyList<DetectedFace> detections, double timeSeconds)
    {
        var matched = new bool[detections.Count];
        var confirmed = new HashSet<FollowedFace>();
        var pairs = from face in _faces
                    from index in Enumerable.Range(0, detections.Count)
                    let overlap = face.Box.IntersectionOverUnion(detections[index].Box)
                    where overlap >= MinOverlap
                    orderby overlap descending
                    select (face, index);
        foreach (var (face, index) in pairs.ToList())
        {
            if (matched[index] || !confirmed.Add(face))
                continue;
            matched[index] = true;
            face.MissedDetections = 0;
        }
        foreach (var face in _faces.Where(face => !confirmed.Contains(face)))
            face.MissedDetections++;
        _faces.RemoveAll(face => face.MissedDetections >= MaxMissedDetections);

        // Left to right, so that the first detection numbers faces the way FaceIndex counts them.
        var fresh = Enumerable.Range(0, detections.Count).Where(index => !matched[index]).Select(index => detections[index]);
        foreach (var detection in fresh.OrderBy(detection => detection.Box.CenterX))
            StartFace(frame, detection, timeSeconds);
    }

    private void StartFace(VideoFrame frame, DetectedFace detection, double timeSeconds)
    {
        // A second detection on a face already followed (its boxes overlap less than the match needed).
        if (_faces.Exists(face => face.Box.IntersectionOverUnion(detection.Box) >= MinOverlap))
            return;
        if (FollowedFace.Locate(detection, frame, _predictor) is not { } landmarks)
            return;
        var number = _numbering.Assign(LandmarkBox.FromLandmarks(landmarks), _faces.Select(face => face.Number));
        _faces.Add(new FollowedFace(number, landmarks, frame, _options.Smoothing, timeSeconds));
    }

    private FollowedFace? ChooseFace()
    {
        var number = _options.FaceIndex ?? ChooseMainSpeaker();
        return _faces.Find(face => face.Number == number);
    }

    private int? ChooseMainSpeaker()
    {
        var count = _numbering.Count;
        Span<float> areas = count <= 64 ? stackalloc float[64] : new float[count];
        areas = areas[..count];
        areas.Clear();
        foreach (var face in _faces)
            areas[face.Number] = face.Box.Area;
        return _mainSpeaker.Update(areas);
    }
}
