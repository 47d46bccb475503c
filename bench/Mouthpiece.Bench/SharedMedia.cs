namespace Mouthpiece.Bench;

/// <summary>
/// The project's real recordings (four people on video, a minute of real speech), read in place from
/// <c>/work/shared/media</c> or <c>MOUTHPIECE_SHARED_MEDIA</c>. The sections that judge scheduling and time left use
/// them, so different faces, sizes and bit rates meet in one batch; on a machine without them those sections say
/// so and are skipped.
/// </summary>
internal static class SharedMedia
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("MOUTHPIECE_SHARED_MEDIA") ?? "/work/shared/media";

    /// <summary>Four compliant H.264 recordings of four people: 512x480, 512x512, 720x1280 portrait, 1280x720; 9–20 s, 0.4–1.7 Mbps.</summary>
    public static IReadOnlyList<string> CompliantVideos { get; } =
    [
        File("video", "talking-man-glasses-512x480.mp4"),
        File("video", "woman-square-512.mp4"),
        File("video", "portrait-man-720x1280.mp4"),
        File("video", "landscape-woman-1280x720.mp4"),
    ];

    /// <summary>The recording the heavy inputs are made from: a half-body shot with a smaller face.</summary>
    public static string LandscapeWoman => CompliantVideos[3];

    public static string TalkingMan => CompliantVideos[0];

    public static string WomanSquare => CompliantVideos[1];

    /// <summary>60 s of real English speech, 16 kHz mono.</summary>
    public static string Speech60s { get; } = File("audio", "speech-en-60s.wav");

    /// <summary>Null when every recording is here, or the line a skipped section reports.</summary>
    public static string? Missing() =>
        CompliantVideos.Append(Speech60s).FirstOrDefault(path => !System.IO.File.Exists(path)) is { } absent
            ? $"Skipped: {absent} is not on this machine (set MOUTHPIECE_SHARED_MEDIA to the folder of the project's real recordings)."
            : null;

    private static string File(string folder, string name) => Path.Combine(Root, folder, name);
}
