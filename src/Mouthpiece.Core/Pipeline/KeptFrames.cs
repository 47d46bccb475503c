using Mouthpiece.Media;

namespace Mouthpiece.Pipeline;

/// <summary>
/// The source frames the face analysis decodes, kept on disk for the render so the video is decoded once, not
/// twice. Reading a raw frame back costs a fraction of decoding it again (at 1080p about 0.3 CPU-s for 10 s of
/// frames written and read, against about 3 CPU-s to decode them), but the frames are large (3 MB at 1920x1080),
/// so they are kept only within a disk budget; beyond it, or when the face track comes from the cache and nothing
/// is analysed, the render decodes the video itself as before.
/// </summary>
internal sealed class KeptFrames : IAsyncDisposable
{
    /// <summary>4 GiB: about 90 s of 1152x1080 or 45 s of 1920x1080 at 30 fps.</summary>
    public const long DefaultBudgetBytes = 4L << 30;

    private readonly string _directory;
    private readonly int _width;
    private readonly int _height;
    private readonly long _maxFrames;
    private RawFrameFile? _file;
    private bool _overBudget;

    private KeptFrames(string directory, int width, int height, long maxFrames)
    {
        _directory = directory;
        _width = width;
        _height = height;
        _maxFrames = maxFrames;
    }

    /// <summary>
    /// Plans to keep up to the budget's worth of frames (and never more than half the disk's free space); null when
    /// the <paramref name="expectedFrames"/> the analysis will decode would not fit, so nothing is written in vain.
    /// </summary>
    public static KeptFrames? Plan(string directory, int width, int height, long expectedFrames, long budgetBytes)
    {
        Directory.CreateDirectory(directory);
        var bytes = Math.Min(budgetBytes, new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace / 2);
        var maxFrames = bytes / VideoFrame.ByteCount(width, height);
        return expectedFrames <= maxFrames ? new KeptFrames(directory, width, height, maxFrames) : null;
    }

    /// <summary>
    /// The frames as the analysis decoded them, in order, when it decoded any and all fitted; null otherwise (the
    /// render then decodes the video).
    /// </summary>
    public RawFrameFile? Frames => _overBudget || _file is not { Count: > 0 } ? null : _file;

    /// <summary>Keeps the next decoded frame; past the budget, drops every frame kept so far and keeps no more.</summary>
    public async ValueTask KeepAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (_overBudget)
            return;
        _file ??= RawFrameFile.Create(_directory, _width, _height);
        if (_file.Count < _maxFrames)
        {
            await _file.AppendAsync(frame, cancellationToken);
            return;
        }
        _overBudget = true;
        await _file.DisposeAsync();
        _file = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
            await _file.DisposeAsync();
        _file = null;
    }
}
