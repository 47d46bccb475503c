namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// The face to animate in every source frame of a whole video: its landmarks, or null where the frame has
/// none (that frame is passed through untouched). Indexed by source frame, so ping-pong playback looks
/// frames up again in any order. Immutable; <see cref="FaceTrackFormat"/> stores it.
/// </summary>
public sealed class FaceTrack
{
    private readonly FaceLandmarks?[] _frames;

    /// <exception cref="ArgumentOutOfRangeException">The frame rate is not positive and finite.</exception>
    public FaceTrack(IEnumerable<FaceLandmarks?> frames, double framesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "must be a positive frame rate");
        _frames = [.. frames];
        FramesPerSecond = framesPerSecond;
        FramesWithFace = _frames.Count(frame => frame is not null);
    }

    public int FrameCount => _frames.Length;

    public double FramesPerSecond { get; }

    /// <summary>Landmarks in source frame <paramref name="frameIndex"/>, or null when it has no face.</summary>
    public FaceLandmarks? this[int frameIndex] => _frames[frameIndex];

    public int FramesWithFace { get; }

    /// <summary>Share of frames with a face, 0..1 (1 for an empty track: nothing is missing).</summary>
    public double Coverage => FrameCount == 0 ? 1 : (double)FramesWithFace / FrameCount;

    /// <summary>The runs of consecutive frames without a face, in order, e.g. to report them to the user.</summary>
    public IReadOnlyList<FrameRange> Gaps()
    {
        var gaps = new List<FrameRange>();
        for (var start = 0; start < _frames.Length; start++)
        {
            if (_frames[start] is not null)
                continue;
            var end = start;
            while (end + 1 < _frames.Length && _frames[end + 1] is null)
                end++;
            gaps.Add(new FrameRange(start, end - start + 1));
            start = end;
        }
        return gaps;
    }
}

/// <summary>Frames <see cref="Start"/> to <see cref="Start"/> + <see cref="Count"/> - 1.</summary>
public readonly record struct FrameRange(int Start, int Count);

/// <summary>
/// Collects a <see cref="FaceTrack"/> while a video is decoded once, front to back. Until the video's end
/// the collected frames can already be looked up, for ping-pong playback that turns back before it.
/// </summary>
public sealed class FaceTrackBuilder(double framesPerSecond)
{
    private readonly List<FaceLandmarks?> _frames = [];

    public int Count => _frames.Count;

    public FaceLandmarks? this[int frameIndex] => _frames[frameIndex];

    /// <summary>Adds the next source frame's landmarks (null: no face).</summary>
    public void Add(FaceLandmarks? landmarks) => _frames.Add(landmarks);

    /// <summary>The track, once the video's last frame was added. Only a complete track may be cached.</summary>
    public FaceTrack Complete() => new(_frames, framesPerSecond);
}
