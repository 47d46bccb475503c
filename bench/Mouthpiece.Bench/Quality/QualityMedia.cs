namespace Mouthpiece.Bench.Quality;

/// <summary>
/// The real media the quality suite measures on, read in place from the shared media folder (never copied into the
/// repository): <c>truth/</c>, talking clips with their own speech, and <c>video/</c> + <c>audio/</c>, avatars and
/// unrelated speech. <c>MOUTHPIECE_MEDIA</c> names the folder; otherwise the nearest <c>shared/media</c> above the checkout.
/// </summary>
internal static class QualityMedia
{
    public static string? Root { get; } = FindRoot();

    public static IReadOnlyList<string> TruthClips => Files("truth", "*.mp4");

    public static IReadOnlyList<string> Avatars => Files("video", "*.mp4");

    public static string? Audio(string name) => Root is null || !File.Exists(Path.Combine(Root, "audio", name)) ? null : Path.Combine(Root, "audio", name);

    private static IReadOnlyList<string> Files(string folder, string pattern)
    {
        var directory = Root is null ? null : Path.Combine(Root, folder);
        return directory is null || !Directory.Exists(directory) ? [] : [.. Directory.EnumerateFiles(directory, pattern).Order(StringComparer.Ordinal)];
    }

    private static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("MOUTHPIECE_MEDIA") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        for (var dir = new DirectoryInfo(BenchMedia.RepositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "media");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
