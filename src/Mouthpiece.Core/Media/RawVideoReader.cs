using System.Globalization;
using Mouthpiece.Devices;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// Decodes a video to yuv420p frames streamed over ffmpeg's stdout, one frame at a time into a buffer
/// the caller owns, so memory stays the same however long the video is. Frames come out upright
/// (ffmpeg applies the rotation), at <see cref="VideoStreamInfo.DisplayWidth"/> x <see cref="VideoStreamInfo.DisplayHeight"/>.
/// </summary>
public sealed class RawVideoReader : IAsyncDisposable
{
    private readonly FfmpegProcess _process;
    private readonly string _path;
    private long _framesRead;

    private RawVideoReader(FfmpegProcess process, string path, int width, int height, double framesPerSecond)
    {
        _process = process;
        _path = path;
        Width = width;
        Height = height;
        FramesPerSecond = framesPerSecond;
    }

    public int Width { get; }

    public int Height { get; }

    public double FramesPerSecond { get; }

    /// <summary>The file being decoded, for error messages.</summary>
    public string Path => _path;

    /// <param name="input">A probed video.</param>
    /// <param name="framesPerSecond">Resample to this constant rate; null keeps the source's frames.</param>
    /// <param name="size">Scale to this size; null keeps the displayed size.</param>
    /// <param name="cudaDecode">Decode on the GPU (NVDEC); the frames still arrive here as yuv420p.</param>
    public static RawVideoReader Open(MediaInfo input, double? framesPerSecond = null, (int Width, int Height)? size = null, bool cudaDecode = false)
    {
        var video = input.Video ?? throw new MediaInputException(input.Path, Codes.Inputs.NoVideo());
        var (width, height) = size ?? (video.DisplayWidth, video.DisplayHeight);
        var process = FfmpegProcess.Start(Ffmpeg.FfmpegTool, Arguments(input, framesPerSecond, size, cudaDecode));
        return new RawVideoReader(process, input.Path, width, height, framesPerSecond ?? video.FramesPerSecond);
    }

    /// <summary>ffmpeg's arguments for <see cref="Open"/>: the guarded input, filters, and yuv420p frames on stdout.</summary>
    internal static string[] Arguments(MediaInfo input, double? framesPerSecond, (int Width, int Height)? size, bool cudaDecode)
    {
        var filterList = new List<string>();
        if (size is { } scaled)
            filterList.Add(string.Create(CultureInfo.InvariantCulture, $"scale={scaled.Width}:{scaled.Height}:flags=bicubic"));
        if (framesPerSecond is { } fps)
            filterList.Add(string.Create(CultureInfo.InvariantCulture, $"fps={fps}"));
        var filters = filterList.Count == 0 ? (string[])[] : ["-vf", string.Join(',', filterList)];
        return
        [
            .. Ffmpeg.CommonArguments,
            .. InputGuard.DecoderArguments(),
            .. cudaDecode ? HardwareDecoding.Arguments() : [],
            .. InputGuard.InputArguments(input.Path),
            "-map", "0:v:0",
            .. filters,
            "-f", "rawvideo", "-pix_fmt", "yuv420p",
            "pipe:1",
        ];
    }

    /// <summary>Fills <paramref name="frame"/> with the next picture; false at the end of the video.</summary>
    public async ValueTask<bool> ReadAsync(VideoFrame frame, CancellationToken cancellationToken = default)
    {
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height}, video is {Width}x{Height}", nameof(frame));
        var read = await _process.Output.ReadAtLeastAsync(frame.Buffer, frame.Buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == frame.Buffer.Length)
        {
            frame.Index = _framesRead++;
            return true;
        }
        await EnsureCleanEndAsync(cancellationToken);
        if (read != 0)
            throw new MediaInputException(_path, Codes.Inputs.DecodingEndedInsideFrame(_framesRead));
        return false;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task EnsureCleanEndAsync(CancellationToken cancellationToken)
    {
        var exitCode = await _process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
            throw new MediaInputException(_path, Codes.Inputs.DecodingFailed(_framesRead, new FfmpegException(Ffmpeg.FfmpegTool, exitCode, _process.ErrorTail).Message));
    }
}
