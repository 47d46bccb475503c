using System.Text.RegularExpressions;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// Error texts are written for the person at the server and may name files by full path; the web
/// answers with the file name only, so the layout of the server's disks does not leak to clients.
/// </summary>
public static partial class ServerPaths
{
    public static string? Hide(string? text) => text is null ? null : AbsolutePath().Replace(text, match => match.Groups["name"].Value);

    [GeneratedRegex(@"(?<![\w.:/])/(?:[^\s/:'""]+/)+(?<name>[^\s/:'""]+)")]
    private static partial Regex AbsolutePath();
}
