using Mouthpiece.Messages;

namespace Mouthpiece.Web.HeyGem;

/// <summary>
/// The one folder HeyGem clients may name files in. A name is taken only if it stays inside the folder
/// after resolving "..", absolute paths and symbolic links; URLs are never fetched.
/// </summary>
public sealed class Inbox(WebAppOptions options)
{
    public string Root => Path.GetFullPath(options.Inbox);

    /// <summary>The file <paramref name="name"/> refers to, or an explanation of why it is refused.</summary>
    public (string? Path, Message? Problem) Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, Codes.HeyGem.NameRequired());
        if (name.Contains("://", StringComparison.Ordinal) || name.StartsWith("//", StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            return (null, Codes.HeyGem.NotAFile(Shown(name)));
        var root = Root;
        var full = Path.GetFullPath(name, root);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return (null, Codes.HeyGem.OutsideInbox(Shown(name)));
        if (PassesThroughLink(root, full))
            return (null, Codes.HeyGem.SymbolicLink(Shown(name)));
        if (!File.Exists(full))
            return (null, Codes.HeyGem.NotInInbox(Shown(name)));
        return (full, null);
    }

    /// <summary>A link anywhere below the inbox could point outside it, so none is followed.</summary>
    private static bool PassesThroughLink(string root, string full)
    {
        for (var path = full; path.Length > root.Length; path = Path.GetDirectoryName(path)!)
        {
            var info = new FileInfo(path);
            if (info.Exists || Directory.Exists(path))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(path).LinkTarget is not null)
                    return true;
            }
        }
        return false;
    }

    private static string Shown(string name) => name.Length > 80 ? name[..80] + "…" : name;
}
