using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Subtitles;
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
    string ContentUrl,
    ScriptSummary? Script = null)
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

    public static UploadView From(UploadRecord upload, ScriptSummary script) => new(
        upload.Id, upload.Kind, upload.OriginalName, upload.Size, script.DurationSeconds, script.Format,
        null, null, null, null, null, null, false, false, [], [], null, [], $"/api/uploads/{upload.Id}/content", script);
}

/// <summary>What a script upload holds: SubRip or WebVTT cues with their own timings, or plain text to be spread over the speech.</summary>
/// <param name="Format">"srt", "vtt" or "text".</param>
/// <param name="Cues">How many timed cues; 0 for plain text.</param>
/// <param name="DurationSeconds">Where the last cue ends; 0 for plain text.</param>
/// <param name="Characters">Length of the words.</param>
public sealed record ScriptSummary(string Format, int Cues, double DurationSeconds, int Characters)
{
    public static ScriptSummary Of(SubtitleScript script) => new(
        script.Format, script.Cues?.Count ?? 0, Math.Round(script.Cues?.Max(c => c.End) ?? 0, 2), script.Text.Length);
}
