using System.Text;

namespace Mouthpiece.Web.Uploads;

/// <summary>
/// Turns a name a user or client sent into a bare file name that is safe in a download header, a zip
/// entry or a file system: no folders, no "..", no control or reserved characters. Letters of any script stay, and the "+" of result names.
/// </summary>
public static class SafeName
{
    private const int MaxLength = 120;

    private const int MaxExtensionLength = 16;

    public static string Of(string? name, string fallback = "file")
    {
        var bare = (name ?? "").Replace('\\', '/');
        bare = bare[(bare.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(bare.Length);
        foreach (var c in bare)
            builder.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' or '(' or ')' or '+' ? c : '_');
        var safe = builder.ToString().Trim().Trim('.', ' ');
        if (safe.Length > MaxLength)
        {
            // Keep a real extension; a long "extension" is just the end of a long name.
            var extension = Path.GetExtension(safe);
            extension = extension.Length <= MaxExtensionLength ? extension : "";
            safe = safe[..(MaxLength - extension.Length)].TrimEnd('.', ' ') + extension;
        }
        return safe.Length == 0 || safe.All(c => c == '_') ? fallback : safe;
    }
}
