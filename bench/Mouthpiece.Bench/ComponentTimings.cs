using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;
using Mouthpiece.Rendering;

namespace Mouthpiece.Bench;

/// <summary>
/// Time per unit of work of each engine component on real frames: face detection per frame,
/// landmarks per face, mouth rendering per frame, audio analysis per second of speech.
/// Each is warmed up first; the median over the frames is reported.
/// </summary>
internal static class ComponentTimings
{
    public static async Task RunAsync(int frameCount)
    {
        Console.WriteLine("| component | input | median ms | per second |");
        Console.WriteLine("| --- | --- | --- | --- |");
        var landmarks = TimeLoad();
        foreach (var height in new[] { 480, 1080 })
        {
            var frames = await BenchMedia.DecodeAsync(BenchMedia.TalkingClip(height, 3), frameCount);
            var size = $"{frames[0].Width}x{frames[0].Height}";
            var faces = TimeDetection(frames, size);
            TimeLandmarks(landmarks, frames, faces, size);
            TimeRendering(landmarks, frames, faces, size);
        }
        TimeAudioAnalysis();
    }

    private static ShapePredictor TimeLoad()
    {
        var start = Stopwatch.GetTimestamp();
        var predictor = ShapePredictor.Load(NativeAssets.LandmarkModel);
        Row("landmark model load", "dlib 68-point file", [Stopwatch.GetElapsedTime(start).TotalMilliseconds], perSecondUnit: null);
        return predictor;
    }

    private static List<FaceBox> TimeDetection(List<VideoFrame> frames, string size)
    {
        var boxes = new List<FaceBox>();
        foreach (var threads in new[] { 1, 2 })
        {
            using var detector = new FaceDetector(new FaceDetectorOptions { Threads = threads });
            detector.Detect(frames[0]);
            boxes.Clear();
            var times = Measure(frames, frame => boxes.Add(detector.Detect(frame)[0].Box));
            Row($"face detection, {threads} thread(s)", size, times, "frames");
        }
        return boxes;
    }

    private static void TimeLandmarks(ShapePredictor predictor, List<VideoFrame> frames, List<FaceBox> boxes, string size)
    {
        var i = 0;
        var times = Measure(frames, frame => predictor.Predict(frame, boxes[i++]));
        Row("landmarks", size, times, "faces");
    }

    private static void TimeRendering(ShapePredictor predictor, List<VideoFrame> frames, List<FaceBox> boxes, string size)
    {
        var faces = frames.Select((frame, i) => predictor.Predict(frame, boxes[i])).ToList();
        var renderer = new MouthRenderer();
        var work = new VideoFrame(frames[0].Width, frames[0].Height);
        MouthShape[] shapes = [new(0.8f, 0, false), new(0.3f, -1, false), new(0.5f, 1, false), MouthShape.Rest];
        var i = 0;
        var times = Measure(frames, frame =>
        {
            frame.CopyTo(work);
            renderer.Render(work, faces[i], shapes[i % shapes.Length]);
            i++;
        });
        Row("mouth rendering", size, times, "frames");
    }

    private static void TimeAudioAnalysis()
    {
        var sentence = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(
            DecodeToFloat(Path.Combine(BenchMedia.RepositoryRoot, "tests", "data", "audio", "tts-en.wav"))).ToArray();
        var minute = Enumerable.Repeat(sentence, 1 + 60 * 16000 / sentence.Length).SelectMany(s => s).Take(60 * 16000).ToArray();
        MouthTrackBuilder.Build(minute.AsSpan(0, 16000), 30);
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var start = Stopwatch.GetTimestamp();
            MouthTrackBuilder.Build(minute, 30);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / 60);
        }
        Row("audio → mouth track", "per second of speech", times, "seconds of speech");
    }

    private static byte[] DecodeToFloat(string wav)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-i", wav, "-ac", "1", "-ar", "16000", "-f", "f32le", "-" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var pcm = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(pcm);
        process.WaitForExit();
        return pcm.ToArray();
    }

    private static List<double> Measure(List<VideoFrame> frames, Action<VideoFrame> work)
    {
        var times = new List<double>(frames.Count);
        foreach (var frame in frames)
        {
            var start = Stopwatch.GetTimestamp();
            work(frame);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    private static void Row(string component, string input, List<double> milliseconds, string? perSecondUnit)
    {
        var median = Timing.Median(milliseconds);
        var rate = perSecondUnit is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{1000 / median:0} {perSecondUnit}/s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {component} | {input} | {median:0.00} | {rate} |"));
    }
}
