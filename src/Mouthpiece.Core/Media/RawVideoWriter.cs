using System.Globalization;

namespace Mouthpiece.Media;

/// <summary>
/// Encodes yuv420p frames fed through ffmpeg's stdin to an H.264 MP4, muxing in an audio track.
/// The pipe's own buffer is the only queue here: a slow encoder makes <see cref="WriteAsync"/> wait,
/// which bounds memory upstream.
/// </summary>
public sealed class RawVideoWriter : IAsyncDisposable
{
    private readonly FfmpegProcess _process;
    private readonly int _width;
    private readonly int _height;
    private bool _completed;

    private RawVideoWriter(FfmpegProcess process, int width, int height)
    {
        _process = process;
        _width = width;
        _height = height;
    }

    public long FramesWritten { get; private set; }

    /// <param name="outputPath">Where ffmpeg writes the MP4 (normally a <c>.partial</c> path, see <see cref="OutputFile"/>).</param>
    /// <param name="audio">The audio to mux in, from its first audio stream; null for a silent video.</param>
    /// <param name="duration">Cut the output at this length (audio and video), or null for as long as the frames last.</param>
    public static RawVideoWriter Start(
        string outputPath,
        int width,
        int height,
        double framesPerSecond,
        MediaInfo? audio,
        H264Settings encoding,
        TimeSpan? duration = null)
    {
        var invariant = CultureInfo.InvariantCulture;
        string[] audioInput = audio is null ? [] : [.. InputGuard.InputArguments(audio.Path)];
        string[] audioOutput = audio is null ? ["-an"] : ["-map", "1:a:0", .. H264Settings.AudioArguments()];
        string[] limit = duration is { } d ? ["-t", d.TotalSeconds.ToString("0.###", invariant)] : [];
        var process = FfmpegProcess.Start(Ffmpeg.FfmpegTool,
        [
            .. Ffmpeg.CommonArguments,
            "-f", "rawvideo", "-pix_fmt", "yuv420p",
            "-video_size", $"{width}x{height}",
            "-framerate", framesPerSecond.ToString("0.######", invariant),
            "-i", "pipe:0",
            .. audioInput,
            "-map", "0:v:0",
            .. audioOutput,
            .. encoding.VideoArguments(),
            .. limit,
            .. H264Settings.ContainerArguments(),
            "file:" + Path.GetFullPath(outputPath),
        ]);
        return new RawVideoWriter(process, width, height);
    }

    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken = default)
    {
        if (frame.Width != _width || frame.Height != _height)
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height}, output is {_width}x{_height}", nameof(frame));
        try
        {
            await _process.Input.WriteAsync(frame.Buffer, cancellationToken);
        }
        catch (IOException e)
        {
            // The encoder ended (bad audio input, disk full…): its stderr says why, the broken pipe does not.
            var exitCode = await _process.WaitForExitAsync(cancellationToken);
            var why = _process.ErrorTail.Trim().Length > 0 ? _process.ErrorTail.Trim() : $"it exited with code {exitCode} and said nothing";
            throw new FfmpegException($"the encoder stopped after {FramesWritten} frames: {why}", exitCode, _process.ErrorTail, e);
        }
        FramesWritten++;
    }

    /// <summary>Ends the input and waits for ffmpeg to finish the file.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _process.Input.FlushAsync(cancellationToken);
        _process.Input.Close();
        var exitCode = await _process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
            throw new FfmpegException(Ffmpeg.FfmpegTool, exitCode, _process.ErrorTail);
        _completed = true;
    }

    /// <summary>Without <see cref="CompleteAsync"/> the encode is abandoned: ffmpeg is killed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
            await _process.StopAsync();
        await _process.DisposeAsync();
    }
}
