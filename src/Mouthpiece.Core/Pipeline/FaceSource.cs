using System.Threading.Channels;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Rendering;
using Mouthpiece.Rendering.Atlas;

namespace Mouthpiece.Pipeline;

/// <summary>
/// The face to animate in each source frame and the person's own mouths (the <see cref="MouthAtlas"/>), known
/// before the first output frame is drawn. A video rendered before (same bytes, same face choice, same output size
/// and rate, as many frames) has both in the cache and decodes nothing for analysis; otherwise an analysis pass
/// decodes the source frames the render will show, tracks the face in every one and gathers the atlas, and fails
/// within seconds when the video shows no face, or not the one asked for.
/// </summary>
internal sealed class FaceSource
{
    /// <summary>Seconds of video after which a missing face (or a face index beyond those seen) fails the render.</summary>
    public const double FailFastSeconds = 3;

    private const string AtlasExtension = ".mouthatlas";
    // Decoded frames waiting for the tracker. A frame where the detector runs takes several times as long as the
    // others: with room for only 3, ffmpeg stalled behind it and a core idled (the analysis of 10 s at 1080p took
    // 0.25 s longer on average, 4 interleaved pairs). 12 frames of 1920x1080 are 37 MB.
    private const int AnalysisQueue = 12;
    private static readonly Lazy<ShapePredictor> Landmarks = new(() => ShapePredictor.Load(NativeAssets.LandmarkModel));

    private readonly MediaInfo _video;
    private readonly FaceTrackerOptions _options;
    private readonly FaceTrackCache? _cache;
    private readonly ContentHash? _videoHash;
    private readonly double _framesPerSecond;
    private (FaceTrack Track, MouthAtlas Atlas, bool WholeVideo)? _cached;

    private FaceSource(MediaInfo video, FaceTrackerOptions options, FaceTrackCache? cache, ContentHash? videoHash, double framesPerSecond)
    {
        _video = video;
        _options = options;
        _cache = cache;
        _videoHash = videoHash;
        _framesPerSecond = framesPerSecond;
        _cached = Load();
    }

    public bool FromCache { get; private set; }

    public FaceTrack Track { get; private set; } = new([], 1);

    public MouthAtlas Atlas { get; private set; } = new([], []);

    /// <summary>True when the analysed frames are all the video has.</summary>
    public bool WholeVideo { get; private set; }

    /// <summary>Source frames that show the face.</summary>
    public long FramesWithFace => Track.FramesWithFace;

    /// <param name="hash">The video's content hash when known; else it is hashed here, for the cache.</param>
    /// <param name="cacheDirectory">Root of the face-track cache, or null for none.</param>
    /// <param name="cuda">Detect faces on the GPU (the device plan's CUDA inference).</param>
    public static async Task<FaceSource> OpenAsync(
        MediaInfo video, ContentHash? hash, int? faceIndex, string? cacheDirectory, int width, int height, double framesPerSecond, bool cuda, CancellationToken cancellationToken)
    {
        var options = new FaceTrackerOptions { FaceIndex = faceIndex, Detector = new FaceDetectorOptions { Cuda = cuda } };
        if (cacheDirectory is null)
            return new FaceSource(video, options, null, null, framesPerSecond);
        // Landmarks are in output pixels at the output rate, so each output geometry has its own tracks.
        var cache = new FaceTrackCache(Path.Combine(cacheDirectory, FormattableString.Invariant($"{width}x{height}-{framesPerSecond:0.###}fps")));
        hash ??= await ContentHash.OfFileAsync(video.Path, cancellationToken);
        return new FaceSource(video, options, cache, hash, framesPerSecond);
    }

    /// <summary>
    /// Makes the track and atlas of the first <paramref name="neededFrames"/> source frames (every frame when
    /// null) available: from the cache when it holds them, else by an analysis pass over frames from <paramref name="open"/>.
    /// </summary>
    /// <param name="keep">Where each frame the analysis decodes is also kept for the render, or null.</param>
    /// <param name="clock">Where the analysis's compute time is added up.</param>
    /// <param name="progress">The analysis pass's fraction done, 0 … 1.</param>
    /// <exception cref="MediaInputException">No face in the first seconds, or fewer faces than the face index asks for.</exception>
    public async Task AnalyseAsync(
        int? neededFrames, int plannedFrames, Func<RawVideoReader> open, KeptFrames? keep, StageClock clock, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        if (_cached is { } cached && (cached.WholeVideo || (neededFrames is { } needed && cached.Track.FrameCount >= needed && ShowsOpenMouth(cached.Atlas))))
        {
            (Track, Atlas, WholeVideo, FromCache) = (cached.Track, cached.Atlas, cached.WholeVideo, true);
            return;
        }
        var limit = neededFrames ?? int.MaxValue;
        var track = new FaceTrackBuilder(_framesPerSecond);
        var atlas = new MouthAtlasBuilder(Math.Min(limit, plannedFrames));
        using var tracker = new FaceTracker(Landmarks.Value, _framesPerSecond, _options);
        var failFastFrame = (int)Math.Ceiling(FailFastSeconds * _framesPerSecond);
        var passFrames = Math.Max(1, Math.Min(limit, plannedFrames));
        var beyondLimit = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await foreach (var frame in DecodeAheadAsync(open, limit, beyondLimit.Task, keep, cancellationToken))
        {
            using (clock.MeasureCompute("analysis"))
            {
                var face = tracker.Track(frame.Frame);
                track.Add(face?.Landmarks);
                atlas.Add(frame.Frame, face?.Landmarks, face?.Measured);
            }
            frame.Return();
            if (track.Count == failFastFrame)
                EnsureFace(tracker);
            // The frames the render shows never open the mouth wide enough to paint openings from: the rest of the
            // video may, so it is analysed too rather than painting a synthetic cavity while the person's own mouth
            // exists. The pass's share done is then of the whole video, not stuck at 100 % while it goes on.
            if (track.Count == limit)
            {
                var goOn = !ShowsOpenMouth(atlas.Complete());
                if (goOn)
                    passFrames = Math.Max(passFrames, plannedFrames);
                beyondLimit.SetResult(goOn);
            }
            if (track.Count % 10 == 0)
                progress?.Report(Math.Min(1, (double)track.Count / passFrames));
        }
        EnsureFace(tracker);
        var ended = track.Count < limit || beyondLimit.Task is { IsCompletedSuccessfully: true, Result: true };
        (Track, Atlas, WholeVideo) = (track.Complete(), atlas.Complete(), ended);
        progress?.Report(1);
        Store();
    }

    /// <summary>Whether some kept mouth is open enough to paint the inside of a drawn opening from (see <see cref="MouthPainter"/>).</summary>
    private static bool ShowsOpenMouth(MouthAtlas atlas) => atlas.MaxSampleAperture >= MouthExemplar.DefaultMinAperture;

    /// <summary>The face in source frame <paramref name="index"/>, null when it has none or was not analysed.</summary>
    public FaceLandmarks? For(long index) => index < Track.FrameCount ? Track[(int)index] : null;

    // Called after the first seconds and at the end of the analysis, so a render of a video without the face fails at once.
    private void EnsureFace(FaceTracker tracker)
    {
        if (_options.FaceIndex is { } index && index >= tracker.FacesSeen)
            throw new MediaInputException(_video.Path, Codes.Inputs.NoFaceAtIndex(index));
        if (tracker.FacesSeen == 0)
            throw new MediaInputException(_video.Path, Codes.Inputs.NoFace());
    }

    private (FaceTrack, MouthAtlas, bool)? Load()
    {
        if (_cache is null || _videoHash is null || _cache.TryLoad(_videoHash, _options) is not { } track)
            return null;
        try
        {
            var (atlas, whole) = MouthAtlasFormat.Deserialize(File.ReadAllBytes(AtlasPath()));
            return atlas.States.Count == track.FrameCount ? (track, atlas, whole) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The atlas first, the track last: a track is only taken from the cache with a matching atlas beside it.
    private void Store()
    {
        if (_cache is null || _videoHash is null)
            return;
        var path = AtlasPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, MouthAtlasFormat.Serialize(Atlas, WholeVideo));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        _cache.Store(_videoHash, _options, Track);
    }

    private string AtlasPath() => Path.ChangeExtension(_cache!.PathFor(_videoHash!, _options), AtlasExtension);

    /// <summary>
    /// Decodes on its own task a few frames ahead (keeping them as they come), so ffmpeg decodes while the face is
    /// tracked: <paramref name="limit"/> frames, and then on to the end when <paramref name="beyondLimit"/> says so.
    /// </summary>
    private static async IAsyncEnumerable<PooledFrame> DecodeAheadAsync(
        Func<RawVideoReader> open, int limit, Task<bool> beyondLimit, KeptFrames? keep,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var free = Channel.CreateBounded<VideoFrame>(AnalysisQueue + 1);
        var decoded = Channel.CreateBounded<VideoFrame>(AnalysisQueue);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var reader = open();
        for (var i = 0; i <= AnalysisQueue; i++)
            free.Writer.TryWrite(new VideoFrame(reader.Width, reader.Height));
        var decoding = Task.Run(() => DecodeAsync(reader, limit, beyondLimit, keep, free.Reader, decoded.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var frame in decoded.Reader.ReadAllAsync(cancellationToken))
                yield return new PooledFrame(frame, free.Writer);
            await decoding;
        }
        finally
        {
            // The consumer may stop early (a missing face): the decoding task must not wait for a frame back forever.
            await stop.CancelAsync();
            await decoding.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private static async Task DecodeAsync(
        RawVideoReader reader, int limit, Task<bool> beyondLimit, KeptFrames? keep, ChannelReader<VideoFrame> free, ChannelWriter<VideoFrame> decoded,
        CancellationToken cancellationToken)
    {
        try
        {
            for (var count = 0; count != limit || await beyondLimit.WaitAsync(cancellationToken); count++)
            {
                var frame = await free.ReadAsync(cancellationToken);
                if (!await reader.ReadAsync(frame, cancellationToken))
                    break;
                if (keep is not null)
                    await keep.KeepAsync(frame, cancellationToken);
                await decoded.WriteAsync(frame, cancellationToken);
            }
            decoded.Complete();
        }
        catch (Exception e)
        {
            decoded.Complete(e);
        }
    }

    private readonly record struct PooledFrame(VideoFrame Frame, ChannelWriter<VideoFrame> Pool)
    {
        public void Return() => Pool.TryWrite(Frame);
    }
}
