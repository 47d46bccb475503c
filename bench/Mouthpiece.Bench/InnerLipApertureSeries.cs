using System.Globalization;
using Mouthpiece.Evaluation;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

// aperture VIDEO OUT.csv: the real inner-lip aperture of the largest face in every frame, the ground truth the
// audio → mouth track is scored against (docs/ARCHITECTURE.md §5). Frames without a face get an empty value.
internal static class InnerLipApertureSeries
{
    public static async Task RunAsync(string video, string csvPath)
    {
        using var meter = new ApertureMeter();
        var series = await meter.MeasureAsync(await MediaProbe.ProbeVideoAsync(video));
        var rows = series.Values.Select((aperture, index) => string.Create(CultureInfo.InvariantCulture,
            $"{index},{index / series.FramesPerSecond:F4},{(double.IsFinite(aperture) ? aperture.ToString("F4", CultureInfo.InvariantCulture) : "")}"));
        await File.WriteAllLinesAsync(csvPath, ["frame,seconds,aperture", .. rows]);
        Console.WriteLine($"{video}: {series.FrameCount} frames at {series.FramesPerSecond:F2} fps -> {csvPath}");
    }
}
