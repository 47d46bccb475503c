using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Pipeline;

/// <summary>
/// Hands out the source frames in ping-pong (or loop) order for as many output frames as asked. The first pass
/// decodes the video; when the output needs more frames than the video has, each decoded frame is also
/// kept in a raw spill file, and later passes read frames from there by index. The spill costs disk
/// (one raw frame per source frame) instead of memory or a second decode, so memory stays flat however
/// long either input is, and going backward costs no more than going forward. When the face analysis kept the
/// frames it decoded (<see cref="KeptFrames"/>), every pass reads them and nothing is decoded here.
/// </summary>
internal sealed class PingPongFrameSource : IAsyncDisposable
{
    private readonly RawVideoReader? _reader;
    private readonly string _path;
    private readonly long _outputFrames;
    private readonly long _expectedSourceFrames;
    private readonly LongAudio _order;
    private readonly long _holdFrom;
    private readonly RawFrameFile? _spill;
    private VideoFrame? _held;
    private long _sourceFrames;
    private bool _decodingDone;
    private long _nextOutput;

    /// <param name="openReader">Starts the decoder.</param>
    /// <param name="expectedSourceFrames">Frames the video's header announces.</param>
    /// <param name="spill">
    /// An empty file to keep decoded frames in for later passes (the caller disposes it), or null when the output is
    /// not meant to outlast the video.
    /// </param>
    /// <param name="order">The order of the later passes: back and forth, or from the start again.</param>
    public PingPongFrameSource(Func<RawVideoReader> openReader, long outputFrames, long expectedSourceFrames, RawFrameFile? spill, LongAudio order = LongAudio.PingPong)
    {
        _order = order;
        _outputFrames = outputFrames;
        _expectedSourceFrames = expectedSourceFrames;
        _holdFrom = expectedSourceFrames - Math.Max(5, expectedSourceFrames / 50);
        _spill = spill;
        _reader = openReader();
        _path = _reader.Path;
    }

    /// <summary>Plays <paramref name="frames"/> (every source frame the output shows, or the whole video) without decoding.</summary>
    /// <param name="path">The video the frames came from, for error messages.</param>
    public PingPongFrameSource(RawFrameFile frames, string path, long outputFrames, LongAudio order = LongAudio.PingPong)
    {
        _order = order;
        _outputFrames = outputFrames;
        _spill = frames;
        _path = path;
        _sourceFrames = _expectedSourceFrames = frames.Count;
        _decodingDone = true;
    }

    /// <summary>Frames in the source video; known once the first pass has ended.</summary>
    public long SourceFrames => _sourceFrames;

    public bool DecodingDone => _decodingDone;

    /// <summary>
    /// Fills <paramref name="frame"/> with the next output frame's picture; <see cref="VideoFrame.Index"/>
    /// is set to the source index. False when the output is complete.
    /// </summary>
    public async ValueTask<bool> ReadAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (_nextOutput >= _outputFrames)
        {
            await LearnWhetherTheVideoEndedAsync(frame, cancellationToken);
            return false;
        }
        if (!_decodingDone)
        {
            if (await _reader!.ReadAsync(frame, cancellationToken))
            {
                await KeepAsync(frame, cancellationToken);
                _sourceFrames++;
                _nextOutput++;
                return true;
            }
            _decodingDone = true;
            if (_sourceFrames == 0)
                throw new MediaInputException(_path, Codes.Inputs.NoFrames());
        }
        if (_spill is null)
            return HoldLastFrame(frame);
        await _spill.ReadAsync(frame, _order.SourceIndex(_nextOutput, _sourceFrames), cancellationToken);
        _nextOutput++;
        return true;
    }

    /// <summary>
    /// Keeps what later frames may need: every frame in the spill when the output outlasts the video, else a
    /// copy of the latest frame near the announced end, in case the video is a frame or two shorter than that.
    /// </summary>
    private async ValueTask KeepAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (_spill is not null)
        {
            await _spill.AppendAsync(frame, cancellationToken);
        }
        else if (_sourceFrames >= _holdFrom)
        {
            _held ??= new VideoFrame(frame.Width, frame.Height);
            frame.CopyTo(_held);
        }
    }

    /// <summary>The video ended a little before the speech: its last frame stands still for the rest.</summary>
    private bool HoldLastFrame(VideoFrame frame)
    {
        if (_held is null)
            throw new MediaInputException(_path, Codes.Inputs.EndedEarly(_sourceFrames, _expectedSourceFrames));
        _held.CopyTo(frame);
        _nextOutput++;
        return true;
    }

    /// <summary>
    /// When the output ends on the first pass, one more read tells whether that was the whole video; only then
    /// is the face track complete enough to keep. It costs one decoded frame, and nothing when already known.
    /// </summary>
    private async ValueTask LearnWhetherTheVideoEndedAsync(VideoFrame scratch, CancellationToken cancellationToken)
    {
        if (!_decodingDone && !await _reader!.ReadAsync(scratch, cancellationToken))
            _decodingDone = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
            await _reader.DisposeAsync();
    }
}
