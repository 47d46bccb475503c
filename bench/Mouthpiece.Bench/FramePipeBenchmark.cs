using System.Globalization;
using Mouthpiece.Media;

namespace Mouthpiece.Bench;

/// <summary>
/// Frame pipe throughput against plain ffmpeg doing the same work, per resolution:
/// decode (ffmpeg to /dev/null vs <see cref="RawVideoReader"/> into our frames),
/// encode (ffmpeg from a raw file vs <see cref="RawVideoWriter"/> fed from memory), and
/// transcode (ffmpeg alone vs reader → writer). Runs are A/B interleaved; the median ratio is reported.
/// </summary>
internal static class FramePipeBenchmark
{
    private static readonly H264Settings Encoding = H264Settings.Default;

    public static async Task RunAsync(int seconds, int repeats, int[] heights)
    {
        Console.WriteLine($"| input | work | plain ffmpeg (s) | Mouthpiece pipe (s) | ratio |");
        Console.WriteLine($"| --- | --- | --- | --- | --- |");
        foreach (var height in heights)
        {
            var clip = BenchMedia.TalkingClip(height, seconds);
            var info = await MediaProbe.ProbeVideoAsync(clip);
            var raw = Path.Combine(BenchMedia.WorkDirectory, $"frames-{height}p.yuv");
            BenchMedia.RunFfmpeg("-i", clip, "-f", "rawvideo", "-pix_fmt", "yuv420p", raw);
            var label = $"{info.Video!.Width}x{info.Video.Height}, {seconds} s";

            await Compare(label, "decode", repeats, () => PlainDecode(clip), () => PipeDecodeAsync(info));
            await Compare(label, "encode", repeats, () => PlainEncode(raw, info), () => PipeEncodeAsync(raw, info));
            await Compare(label, "transcode", repeats, () => PlainTranscode(clip), () => PipeTranscodeAsync(info));
            File.Delete(raw);
        }
    }

    private static async Task Compare(string input, string work, int repeats, Action plain, Func<Task> pipe)
    {
        var plainTimes = new List<double>();
        var pipeTimes = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            plainTimes.Add(Timing.Seconds(plain));
            pipeTimes.Add(await Timing.SecondsAsync(pipe));
        }
        var ratios = plainTimes.Zip(pipeTimes, (a, b) => b / a).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {input} | {work} | {Timing.Median(plainTimes):0.00} | {Timing.Median(pipeTimes):0.00} | {Timing.Median(ratios):0.00} |"));
    }

    private static void PlainDecode(string clip) =>
        BenchMedia.RunFfmpeg("-i", clip, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "yuv420p", "/dev/null");

    private static async Task PipeDecodeAsync(MediaInfo info)
    {
        await using var reader = RawVideoReader.Open(info);
        var frame = new VideoFrame(reader.Width, reader.Height);
        while (await reader.ReadAsync(frame))
        {
        }
    }

    private static void PlainEncode(string raw, MediaInfo info) =>
        BenchMedia.RunFfmpeg(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", $"{info.Video!.Width}x{info.Video.Height}", "-framerate", "30",
            "-i", raw, .. Encoding.VideoArguments(), "-f", "mp4", Path.Combine(BenchMedia.WorkDirectory, "plain.mp4")]);

    /// <summary>The frames are read from the same raw file, as plain ffmpeg does, so only the pipe differs.</summary>
    private static async Task PipeEncodeAsync(string raw, MediaInfo info)
    {
        var frame = new VideoFrame(info.Video!.Width, info.Video.Height);
        await using var source = File.OpenRead(raw);
        await using var writer = RawVideoWriter.Start(Path.Combine(BenchMedia.WorkDirectory, "pipe.mp4"), frame.Width, frame.Height, 30, null, Encoding);
        while (await source.ReadAtLeastAsync(frame.Buffer, frame.Buffer.Length, throwOnEndOfStream: false) == frame.Buffer.Length)
            await writer.WriteAsync(frame);
        await writer.CompleteAsync();
    }

    private static void PlainTranscode(string clip) =>
        BenchMedia.RunFfmpeg(["-i", clip, "-map", "0:v:0", "-map", "0:a:0", .. Encoding.VideoArguments(), .. H264Settings.AudioArguments(),
            "-f", "mp4", Path.Combine(BenchMedia.WorkDirectory, "plain.mp4")]);

    private static async Task PipeTranscodeAsync(MediaInfo info)
    {
        await using var reader = RawVideoReader.Open(info);
        var frame = new VideoFrame(reader.Width, reader.Height);
        await using var writer = RawVideoWriter.Start(Path.Combine(BenchMedia.WorkDirectory, "pipe.mp4"), frame.Width, frame.Height, reader.FramesPerSecond, info, Encoding);
        while (await reader.ReadAsync(frame))
            await writer.WriteAsync(frame);
        await writer.CompleteAsync();
    }
}
