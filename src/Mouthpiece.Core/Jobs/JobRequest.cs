namespace Mouthpiece.Jobs;

/// <summary>One render a user asks for: the speech, the video, the options, and a name for the result.</summary>
public sealed record JobRequest(string AudioPath, string VideoPath, JobOptions Options)
{
    /// <summary>The download's file name; by default made from both inputs' names.</summary>
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

    public string AudioNameOrDefault => AudioName ?? Path.GetFileName(AudioPath);

    public string VideoNameOrDefault => VideoName ?? Path.GetFileName(VideoPath);

    public string NameOrDefault =>
        OutputName ?? $"{Path.GetFileNameWithoutExtension(VideoNameOrDefault)}-{Path.GetFileNameWithoutExtension(AudioNameOrDefault)}.mp4";

    /// <summary>One script read by many avatars: each output is named after its video.</summary>
    public static IReadOnlyList<JobRequest> OneAudioManyVideos(string audio, IReadOnlyList<string> videos, JobOptions options) =>
        Named(videos.Select(video => new JobRequest(audio, video, options)).ToList(), videos);

    /// <summary>One avatar reading many scripts: each output is named after its audio.</summary>
    public static IReadOnlyList<JobRequest> ManyAudiosOneVideo(IReadOnlyList<string> audios, string video, JobOptions options) =>
        Named(audios.Select(audio => new JobRequest(audio, video, options)).ToList(), audios);

    /// <summary>Names after the varying input, numbered where two varying inputs share a name.</summary>
    private static List<JobRequest> Named(List<JobRequest> requests, IReadOnlyList<string> varying)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requests.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(varying[i]);
            var name = stem + ".mp4";
            for (var n = 2; !used.Add(name); n++)
                name = $"{stem}-{n}.mp4";
            requests[i] = requests[i] with { OutputName = name };
        }
        return requests;
    }
}
