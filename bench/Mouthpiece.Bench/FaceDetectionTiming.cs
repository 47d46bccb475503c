using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

// Times BlazeFace detection per frame on real video: faces VIDEO [FRAMES]. Frames are decoded up front with ffmpeg so
// only detection is timed, once per thread count and model.
internal static class FaceDetectionTiming
{
    public static void Run(string video, int frameCount)
    {
        var frames = DecodeFrames(video, frameCount);
        Console.WriteLine($"{video}: {frames.Count} frames of {frames[0].Width}x{frames[0].Height}");
        foreach (var (model, threads) in new[] { (NativeAssets.BlazeFaceBackModel, 1), (NativeAssets.BlazeFaceBackModel, 2), (NativeAssets.BlazeFaceFrontModel, 1) })
        {
            using var detector = new FaceDetector(new FaceDetectorOptions { ModelPath = model, Threads = threads });
            detector.Detect(frames[0]);
            var preprocess = TimePreprocessing(detector.InputSize, frames);
            var (median, mean, found) = TimeDetection(detector, frames);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {detector.InputSize}x{detector.InputSize} model, {threads} thread(s): median {median:F2} ms, mean {mean:F2} ms a frame " +
                $"({1000 / mean:F0} fps), of which letterbox+YUV->RGB {preprocess:F2} ms; a face in {found}/{frames.Count} frames"));
        }
    }

    private static (double Median, double Mean, int Found) TimeDetection(FaceDetector detector, List<VideoFrame> frames)
    {
        var times = new List<double>(frames.Count);
        var found = 0;
        foreach (var frame in frames)
        {
            var start = Stopwatch.GetTimestamp();
            if (detector.Detect(frame).Count > 0)
                found++;
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times.Average(), found);
    }

    private static double TimePreprocessing(int inputSize, List<VideoFrame> frames)
    {
        var sampler = new LetterboxSampler(inputSize);
        var input = new float[inputSize * inputSize * 3];
        var start = Stopwatch.GetTimestamp();
        foreach (var frame in frames)
            sampler.Fill(frame, input);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / frames.Count;
    }

    private static List<VideoFrame> DecodeFrames(string video, int frameCount)
    {
        var (width, height) = ProbeSize(video);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-i", video, "-frames:v", frameCount.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var frames = new List<VideoFrame>();
        while (true)
        {
            var frame = new VideoFrame(width, height) { Index = frames.Count };
            if (process.StandardOutput.BaseStream.ReadAtLeast(frame.Buffer, frame.Buffer.Length, throwOnEndOfStream: false) < frame.Buffer.Length)
                break;
            frames.Add(frame);
        }
        process.WaitForExit();
        if (frames.Count == 0)
            throw new InvalidOperationException($"ffmpeg decoded no frames from {video}: {errors.Result}");
        return frames;
    }

    private static (int Width, int Height) ProbeSize(string video)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", video })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var parts = process.StandardOutput.ReadToEnd().Trim().Split(',');
        process.WaitForExit();
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
