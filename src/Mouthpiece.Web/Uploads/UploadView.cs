using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Storage;

namespace Mouthpiece.Web.Uploads;

/// <summary>
/// An upload as the page shows it: what the probe found, what the input policy says about a video
/// (<see cref="BreaksPolicy"/>: the render brings it within the policy on the fly), and for a speech recording
/// its level and a warning when it is near-silent.
/// </summary>
public sealed record UploadView(
    string Id,
    UploadKind Kind,
    string Name,
    long Size,
    double DurationSeconds,
    string Container,
    string? VideoCodec,
    string? AudioCodec,
    int? Width,
    int? Height,
    double? FramesPerSecond,
    double? BitRateMbps,
    bool HasAudio,
    bool BreaksPolicy,
    IReadOnlyList<MessageView> PolicyBreaches,
    IReadOnlyList<MessageView> PolicyNotes,
    SpeechLevel? SpeechLevel,
    IReadOnlyList<MessageView> Warnings,
    string ContentUrl)
{
    public static UploadView From(UploadRecord upload, MediaInfo info, SpeechLevel? level)
    {
        var video = upload.Kind == UploadKind.Video ? info.Video : null;
        var verdict = video is null ? null : InputPolicy.Default.Check(video);
        var bitRate = video?.BitRate ?? info.BitRate;
        return new UploadView(
            upload.Id, upload.Kind, upload.OriginalName, upload.Size, Math.Round(info.DurationSeconds, 2), info.Container,
            info.Video?.Codec, info.Audio?.Codec, video?.DisplayWidth, video?.DisplayHeight,
            video is null ? null : Math.Round(video.FramesPerSecond, 2),
            bitRate is null ? null : Math.Round(bitRate.Value / 1e6, 1),
            info.Audio is not null, verdict?.BreaksPolicy ?? false, MessageView.FromAll(verdict?.Breaches ?? []), MessageView.FromAll(verdict?.Notes ?? []),
            level, level?.Warning(upload.OriginalName) is { } warning ? [MessageView.From(warning)] : [],
            $"/api/uploads/{upload.Id}/content");
    }
}
