using System.Globalization;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

// Times face tracking per frame on real video: track VIDEO. The video is decoded into memory first so only
// tracking is timed; a first untimed pass warms the JIT and ONNX Runtime.
internal static class FaceTrackingTiming
{
    public static async Task RunAsync(string video)
    {
        var frames = await BenchMedia.DecodeAsync(video);
        var predictor = ShapePredictor.Load(NativeAssets.LandmarkModel);
        Console.WriteLine($"{video}: {frames.Count} frames of {frames[0].Width}x{frames[0].Height}");
        Track(frames, predictor, new FaceTrackerOptions());
        foreach (var detectEvery in new[] { 30, 10, 1 })
        {
            var (statistics, found) = Track(frames, predictor, new FaceTrackerOptions { DetectEvery = detectEvery });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  detect every {detectEvery,2}: {statistics.MillisecondsPerFrame:F2} ms/frame; {statistics.DetectionFrames} frames with detection " +
                $"at {statistics.MillisecondsPerDetectionFrame:F2} ms, the others at {statistics.MillisecondsPerFollowFrame:F2} ms; " +
                $"a face in {found}/{frames.Count} frames"));
        }
    }

    private static (FaceTrackerStatistics Statistics, int Found) Track(List<VideoFrame> frames, ShapePredictor predictor, FaceTrackerOptions options)
    {
        using var tracker = new FaceTracker(predictor, 30, options);
        var found = frames.Count(frame => tracker.Track(frame) is not null);
        return (tracker.Statistics, found);
    }
}
