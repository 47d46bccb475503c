using BenchmarkDotNet.Attributes;
using Mouthpiece.Media;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// Frame pipe throughput at 1080p, per frame (Op/s reads as frames/s): <see cref="RawVideoReader"/> decoding
/// a 2-second clip, and <see cref="RawVideoWriter"/> encoding its frames with the render's H.264 settings.
/// Each call starts and ends an ffmpeg process, as a render does once per video, so the process start is in
/// the time; a call takes a good part of a second, hence fewer iterations than the other components.
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
public class FramePipeBenchmarks
{
    private const int ClipSeconds = 2;
    private const int ClipFrames = ClipSeconds * 30;

    private MediaInfo _clip = null!;
    private List<VideoFrame> _frames = null!;
    private VideoFrame _readBuffer = null!;
    private string _output = null!;

    [GlobalSetup]
    public void DecodeClip()
    {
        _clip = ComponentMedia.Await(MediaProbe.ProbeVideoAsync(BenchMedia.TalkingClip(height: 1080, ClipSeconds)));
        _frames = ComponentMedia.Await(BenchMedia.DecodeAsync(_clip.Path));
        if (_frames.Count != ClipFrames)
            throw new InvalidOperationException($"expected {ClipFrames} frames in {_clip.Path}, decoded {_frames.Count}");
        _readBuffer = new VideoFrame(_frames[0].Width, _frames[0].Height);
        _output = Path.Combine(Path.GetDirectoryName(_clip.Path)!, "components-writer-output.mp4");
    }

    [GlobalCleanup]
    public void DeleteOutput() => File.Delete(_output);

    [Benchmark(OperationsPerInvoke = ClipFrames)]
    public async Task<long> ReadFrames()
    {
        await using var reader = RawVideoReader.Open(_clip);
        while (await reader.ReadAsync(_readBuffer))
        {
        }
        return _readBuffer.Index;
    }

    [Benchmark(OperationsPerInvoke = ClipFrames)]
    public async Task<long> WriteFrames()
    {
        var first = _frames[0];
        await using var writer = RawVideoWriter.Start(_output, first.Width, first.Height, 30, audio: null, H264Settings.Default);
        foreach (var frame in _frames)
            await writer.WriteAsync(frame);
        await writer.CompleteAsync();
        return writer.FramesWritten;
    }
}
