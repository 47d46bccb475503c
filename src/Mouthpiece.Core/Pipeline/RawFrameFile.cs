using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// Decoded frames of one size in a scratch file, raw yuv420p as ffmpeg writes them, appended in order and read
/// back by index. On Linux the file is unlinked the moment it is open: its disk space returns when the render
/// ends, however it ends (finished, failed, cancelled, or the process killed), and no scratch file is left behind.
/// </summary>
internal sealed class RawFrameFile : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly int _frameBytes;

    private RawFrameFile(FileStream file, int frameBytes)
    {
        _file = file;
        _frameBytes = frameBytes;
    }

    /// <summary>Frames written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Opens an empty file in <paramref name="directory"/> (made if missing) for frames of this size.</summary>
    public static RawFrameFile Create(string directory, int width, int height)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"mouthpiece-frames-{Guid.NewGuid():N}.yuv");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 16,
            OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        if (!OperatingSystem.IsWindows())
            File.Delete(path);
        return new RawFrameFile(file, VideoFrame.ByteCount(width, height));
    }

    public async ValueTask AppendAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        CheckSize(frame);
        _file.Position = Count * _frameBytes;
        await _file.WriteAsync(frame.Buffer, cancellationToken);
        Count++;
    }

    /// <summary>Fills <paramref name="frame"/> with frame <paramref name="index"/> and sets its <see cref="VideoFrame.Index"/>.</summary>
    public async ValueTask ReadAsync(VideoFrame frame, long index, CancellationToken cancellationToken)
    {
        CheckSize(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        _file.Position = index * _frameBytes;
        await _file.ReadExactlyAsync(frame.Buffer, cancellationToken);
        frame.Index = index;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private void CheckSize(VideoFrame frame)
    {
        if (frame.Buffer.Length != _frameBytes)
            throw new ArgumentException($"a {frame.Width}x{frame.Height} frame does not fit this file's frames", nameof(frame));
    }
}
