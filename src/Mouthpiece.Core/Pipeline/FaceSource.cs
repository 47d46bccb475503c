using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// The face to animate in each source frame. A video rendered before (same bytes, same face choice,
/// same output size and rate) has its face track in the cache and needs no face analysis at all;
/// otherwise the face is tracked on the first pass, kept for ping-pong passes, and stored once the
/// whole video has been seen.
/// </summary>
internal sealed class FaceSource : IDisposable
{
    private static readonly Lazy<ShapePredictor> Landmarks = new(() => ShapePredictor.Load(NativeAssets.LandmarkModel));

    private readonly FaceTrack? cached;
    private readonly FaceTrackBuilder tracked;
    private readonly FaceTracker? tracker;
    private readonly FaceTrackCache? cache;
    private readonly ContentHash? videoHash;
    private readonly FaceTrackerOptions options;
    private bool revisited;
    private long trackedWithFace;

    private FaceSource(FaceTrack? cached, FaceTrackCache? cache, ContentHash? videoHash, FaceTrackerOptions options, double framesPerSecond)
    {
        this.cached = cached;
        this.cache = cache;
        this.videoHash = videoHash;
        this.options = options;
        tracked = new FaceTrackBuilder(framesPerSecond);
        if (cached is null)
            tracker = new FaceTracker(Landmarks.Value, framesPerSecond, options);
    }

    public bool FromCache => cached is not null;

    /// <summary>Source frames that show the face: all of them for a cached track, those tracked so far otherwise.</summary>
    public long FramesWithFace => cached?.FramesWithFace ?? trackedWithFace;

    /// <summary>True once every source frame has been looked at: the track came from the cache, or playback turned back.</summary>
    public bool SawWholeVideo => cached is not null || revisited;

    /// <param name="cacheDirectory">Root of the face-track cache, or null for none.</param>
    /// <param name="cuda">Detect faces on the GPU (the device plan's CUDA inference).</param>
    public static async Task<FaceSource> OpenAsync(
        MediaInfo video, int? faceIndex, string? cacheDirectory, int width, int height, double framesPerSecond, bool cuda, CancellationToken cancellationToken)
    {
        var options = new FaceTrackerOptions { FaceIndex = faceIndex, Detector = new FaceDetectorOptions { Cuda = cuda } };
        if (cacheDirectory is null)
            return new FaceSource(null, null, null, options, framesPerSecond);
        // Landmarks are in output pixels at the output rate, so each output geometry has its own tracks.
        var cache = new FaceTrackCache(Path.Combine(cacheDirectory, FormattableString.Invariant($"{width}x{height}-{framesPerSecond:0.###}fps")));
        var hash = await ContentHash.OfFileAsync(video.Path, cancellationToken);
        return new FaceSource(cache.TryLoad(hash, options), cache, hash, options, framesPerSecond);
    }

    /// <summary>The face in the frame whose <see cref="VideoFrame.Index"/> is its source index.</summary>
    public FaceLandmarks? For(VideoFrame frame)
    {
        var index = (int)frame.Index;
        if (cached is not null)
            return index < cached.FrameCount ? cached[index] : null;
        if (index < tracked.Count)
        {
            revisited = true;
            return tracked[index];
        }
        var face = tracker!.Track(frame)?.Landmarks;
        tracked.Add(face);
        if (face is not null)
            trackedWithFace++;
        return face;
    }

    /// <summary>Stores the track when the whole video was seen; a partial one would be wrong next time.</summary>
    public void StoreIfComplete(long sourceFrames, bool videoEnded)
    {
        if (cache is null || videoHash is null || cached is not null || !videoEnded || tracked.Count != sourceFrames)
            return;
        cache.Store(videoHash, options, tracked.Complete());
    }

    public void Dispose() => tracker?.Dispose();
}
