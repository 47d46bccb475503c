using System.Numerics;
using Mouthpiece.Core.Tests.Faces.Landmarks;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

// A clip run through a FaceTracker frame by frame: what it answered per frame and what that cost.
internal sealed record TrackedClip(IReadOnlyList<TrackedFace?> Faces, FaceTrackerStatistics Statistics, int Width, int Height)
{
    public static async Task<TrackedClip> RunAsync(string path, FaceTrackerOptions? options = null)
    {
        var info = await MediaProbe.ProbeVideoAsync(path);
        await using var reader = RawVideoReader.Open(info);
        using var tracker = new FaceTracker(LandmarkModel.Shared, reader.FramesPerSecond, options);
        var frame = new VideoFrame(reader.Width, reader.Height);
        var faces = new List<TrackedFace?>();
        while (await reader.ReadAsync(frame))
            faces.Add(tracker.Track(frame));
        return new TrackedClip(faces, tracker.Statistics, reader.Width, reader.Height);
    }

    public string Timing => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Statistics.Frames} frames, {Statistics.DetectionFrames} with detection: {Statistics.MillisecondsPerFrame:F2} ms/frame " +
        $"({Statistics.MillisecondsPerDetectionFrame:F2} ms with detection, {Statistics.MillisecondsPerFollowFrame:F2} ms without)");

    // Frame-to-frame movement of the mouth points (48-67), in inter-ocular units, for each pair of frames with a face.
    public IReadOnlyList<float> MouthMovement()
    {
        var moves = new List<float>();
        for (var i = 1; i < Faces.Count; i++)
        {
            if (Faces[i - 1] is not { } before || Faces[i] is not { } after)
                continue;
            var unit = after.Landmarks.InterOcularDistance;
            for (var point = 48; point < FaceLandmarks.Count; point++)
                moves.Add(Vector2.Distance(before.Landmarks[point], after.Landmarks[point]) / unit);
        }
        return moves;
    }
}

// Tracking tests decode, encode and track whole clips: they run alone, after the parallel tests, so they
// neither starve other tests' timing checks nor report their own ms/frame under contention.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VideoTracking
{
    public const string Name = "Video tracking";
}
