using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>
/// Locks every ffmpeg/ffprobe call on a user's file down: the file is opened through the <c>file</c>
/// protocol only (a name like <c>http:x.mp4</c> stays a local name, and nothing inside the file can make
/// ffmpeg open a URL), only ordinary media demuxers may read it (no HLS, DASH, concat or image
/// sequences, which would follow references to other files), and decoders refuse absurd frame sizes.
/// After probing, <see cref="CheckLimits"/> caps size, duration and stream count.
/// </summary>
public static class InputGuard
{
    /// <summary>
    /// ffmpeg demuxer names (a name in the list matches any of the demuxer's aliases, so "mov" admits
    /// "mov,mp4,m4a,3gp,3g2,mj2" and "matroska" admits WebM).
    /// </summary>
    public const string AllowedDemuxers = "mov,matroska,avi,flv,mpegts,asf,mpeg,wav,mp3,aac,flac,ogg";

    public const int MaxSide = 8192;

    public const int MaxStreams = 16;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(3);

    /// <summary>The input options and <c>-i</c> for one user file.</summary>
    public static IEnumerable<string> InputArguments(string path) =>
    [
        "-protocol_whitelist", "file",
        "-format_whitelist", AllowedDemuxers,
        "-max_streams", "64",
        "-i", "file:" + Path.GetFullPath(path),
    ];

    /// <summary>Decoder options that go before <see cref="InputArguments"/> when frames are decoded.</summary>
    public static IEnumerable<string> DecoderArguments() =>
        ["-max_pixels", (MaxSide * (long)MaxSide).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public static void CheckLimits(MediaInfo info)
    {
        if (info.Video is null && info.Audio is null)
            throw new MediaInputException(info.Path, Codes.Inputs.NoStreams());
        if (info.StreamCount > MaxStreams)
            throw new MediaInputException(info.Path, Codes.Inputs.TooManyStreams(info.StreamCount, MaxStreams));
        if (info.Duration > MaxDuration)
            throw new MediaInputException(info.Path, Codes.Inputs.TooLong(info.Duration.TotalSeconds, MaxDuration.TotalHours));
        if (info.Video is { } video && (video.Width > MaxSide || video.Height > MaxSide || video.Width <= 0 || video.Height <= 0))
            throw new MediaInputException(info.Path, Codes.Inputs.FrameSize(video.Width, video.Height, MaxSide));
    }
}
