using Mouthpiece.Media;
using Mouthpiece.Speech;

namespace Mouthpiece.Jobs;

/// <summary>
/// One render a user asks for: the speech (a recording, or a <see cref="Script"/> to read aloud), the video,
/// the options, and a name for the result.
/// </summary>
public sealed record JobRequest(string? AudioPath, string VideoPath, JobOptions Options)
{
    /// <summary>Text to read aloud instead of <see cref="AudioPath"/> (which is then null).</summary>
    public Script? Script { get; init; }

    /// <summary>For recorded speech: the user's SRT, WebVTT or plain-text script, for the subtitles.</summary>
    public string? SubtitleScriptPath { get; init; }

    /// <summary>The subtitle script's name as the user knows it, when <see cref="SubtitleScriptPath"/> is a stored upload.</summary>
    public string? SubtitleScriptName { get; init; }

    /// <summary>The download's file name; by default made from both inputs' names (<see cref="OutputNames.Of"/>).</summary>
    public string? OutputName { get; init; }

    /// <summary>The audio's name as the user knows it, when <see cref="AudioPath"/> is a stored upload named by id.</summary>
    public string? AudioName { get; init; }

    /// <summary>The video's name as the user knows it, when <see cref="VideoPath"/> is a stored upload named by id.</summary>
    public string? VideoName { get; init; }

    /// <summary>
    /// Renders of the same video the caller expects after this submission (a saved avatar, say). With the renders
    /// of it in this submission and the earlier ones, they decide whether normalizing the video first pays (<see cref="Scheduling.NormalizeRule"/>).
    /// </summary>
    public int LaterRendersOfVideo { get; init; }
    /// <summary>The audio's probe when a step before ran it (an upload's check); accepting the job does not run ffprobe again.</summary>
    public MediaInfo? AudioProbe { get; init; }

    /// <summary>The video's probe when a step before ran it.</summary>
    public MediaInfo? VideoProbe { get; init; }

    /// <summary>The video's content hash when it is known (a saved avatar's); storing the video does not read it again for it.</summary>
    public ContentHash? VideoHash { get; init; }

    /// <summary>The speech as the user knows it: the audio's name, or the script's first words.</summary>
    public string AudioNameOrDefault => AudioName ?? Script?.Title ?? Path.GetFileName(AudioPath ?? "speech");

    public string VideoNameOrDefault => VideoName ?? Path.GetFileName(VideoPath);

    /// <summary>The name by <see cref="OutputNames"/>' rule; made unique among the results when the job is accepted.</summary>
    public string NameOrDefault => OutputName ?? OutputNames.Of(VideoNameOrDefault, AudioNameOrDefault);

    /// <summary>One script read by many avatars.</summary>
    public static IReadOnlyList<JobRequest> OneAudioManyVideos(string audio, IReadOnlyList<string> videos, JobOptions options) =>
        [.. videos.Select(video => new JobRequest(audio, video, options))];

    /// <summary>One avatar reading many scripts.</summary>
    public static IReadOnlyList<JobRequest> ManyAudiosOneVideo(IReadOnlyList<string> audios, string video, JobOptions options) =>
        [.. audios.Select(audio => new JobRequest(audio, video, options))];

    /// <summary>One typed script read by many avatars.</summary>
    public static IReadOnlyList<JobRequest> OneScriptManyVideos(Script script, IReadOnlyList<string> videos, JobOptions options) =>
        [.. videos.Select(video => new JobRequest(null, video, options) { Script = script })];

    /// <summary>One avatar reading many typed scripts; each result is named after its script's first words.</summary>
    public static IReadOnlyList<JobRequest> ManyScriptsOneVideo(IReadOnlyList<Script> scripts, string video, JobOptions options) =>
        [.. scripts.Select(script => new JobRequest(null, video, options) { Script = script })];
}
