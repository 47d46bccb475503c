using System.Globalization;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

// aperture VIDEO OUT.csv: the real inner-lip aperture of the largest face in every frame, the ground truth the
// audio → mouth track is scored against (DESIGN.md §3 "Measuring"). Frames without a face get an empty value.
internal static class InnerLipApertureSeries
{
    public static async Task RunAsync(string video, string csvPath)
    {
        var info = await MediaProbe.ProbeVideoAsync(video);
        await using var reader = RawVideoReader.Open(info);
        using var detector = new FaceDetector();
        var predictor = ShapePredictor.Load(NativeAssets.LandmarkModel);
        var rows = new List<string> { "frame,seconds,aperture" };
        var frame = new VideoFrame(reader.Width, reader.Height);
        for (var index = 0; await reader.ReadAsync(frame); index++)
        {
            var aperture = Measure(detector, predictor, frame);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{index},{index / reader.FramesPerSecond:F4},{(aperture is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "")}"));
        }
        await File.WriteAllLinesAsync(csvPath, rows);
        Console.WriteLine($"{video}: {rows.Count - 1} frames at {reader.FramesPerSecond:F2} fps -> {csvPath}");
    }

    private static float? Measure(FaceDetector detector, ShapePredictor predictor, VideoFrame frame)
    {
        var faces = detector.Detect(frame);
        if (faces.Count == 0)
            return null;
        var largest = faces.MaxBy(face => face.Box.Area);
        return predictor.Predict(frame, largest.Box).InnerLipAperture;
    }
}
