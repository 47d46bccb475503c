using System.Text.Json.Serialization;

namespace Mouthpiece.Media;

/// <summary>What ffprobe found in a file: the container and its first video and audio streams.</summary>
public sealed record MediaInfo(
    string Path,
    string Container,
    [property: JsonIgnore] TimeSpan Duration,
    long? BitRate,
    int StreamCount,
    VideoStreamInfo? Video,
    AudioStreamInfo? Audio)
{
    /// <summary>Reads the JSON this record writes (the duration as seconds), so a probe can be kept and used again.</summary>
    [JsonConstructor]
    public MediaInfo(string path, string container, double durationSeconds, long? bitRate, int streamCount, VideoStreamInfo? video, AudioStreamInfo? audio)
        : this(path, container, TimeSpan.FromSeconds(durationSeconds), bitRate, streamCount, video, audio)
    {
    }

    public double DurationSeconds => Duration.TotalSeconds;
}

/// <summary>
/// The first video stream. <see cref="Width"/> and <see cref="Height"/> are as stored;
/// <see cref="DisplayWidth"/>/<see cref="DisplayHeight"/> as shown after <see cref="Rotation"/>,
/// which is also what ffmpeg's decoder hands out (it applies the rotation).
/// </summary>
public sealed record VideoStreamInfo(
    string Codec,
    int Width,
    int Height,
    double FramesPerSecond,
    long? BitRate,
    string PixelFormat,
    int Rotation,
    long? FrameCount)
{
    private bool IsQuarterTurn => Math.Abs(Rotation) % 180 == 90;

    public int DisplayWidth => IsQuarterTurn ? Height : Width;

    public int DisplayHeight => IsQuarterTurn ? Width : Height;
}

public sealed record AudioStreamInfo(string Codec, int SampleRate, int Channels, long? BitRate);
