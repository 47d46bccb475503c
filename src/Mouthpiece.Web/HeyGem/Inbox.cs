using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.HeyGem;

/// <summary>
/// The one folder HeyGem clients share with the video service: HeyGem's container mounts it at <c>/code/data</c>, and
/// its <c>temp</c> folder is the working folder, where clients put their files under bare names and read results
/// back by the name the query answers, joined to their own copy of that folder. Bare names, container paths
/// (<c>/code/data/…</c>, see <see cref="WebAppOptions.HeyGemContainerPath"/>) and this machine's paths into the folder
/// are taken; a name is taken only if it stays inside the folder after resolving "..", and no symbolic link is
/// followed. URLs are never fetched.
/// </summary>
public sealed class Inbox(WebAppOptions options)
{
    /// <summary>HeyGem's working folder inside the shared one (its container's <c>/code/data/temp</c>).</summary>
    public const string WorkFolderName = "temp";

    public string Root => Path.GetFullPath(options.Inbox);

    public string WorkFolder => Path.Combine(Root, WorkFolderName);

    /// <summary>The file <paramref name="name"/> refers to, or an explanation of why it is refused.</summary>
    public (string? Path, Message? Problem) Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, Codes.HeyGem.NameRequired());
        if (name.Contains("://", StringComparison.Ordinal) || name.StartsWith("//", StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            return (null, Codes.HeyGem.NotAFile(Shown(name)));
        var root = Root;
        var full = Path.GetFullPath(OnThisMachine(name), WorkFolder);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return (null, Codes.HeyGem.OutsideInbox(Shown(name)));
        if (PassesThroughLink(root, full))
            return (null, Codes.HeyGem.SymbolicLink(Shown(name)));
        if (!File.Exists(full))
            return (null, Codes.HeyGem.NotInInbox(Shown(name)));
        return (full, null);
    }

    /// <summary>
    /// Puts a finished render into the working folder (once; a copy under a temporary name is renamed, so a client
    /// never sees half a file) and returns its name there, which is what HeyGem answers in <c>result</c>.
    /// </summary>
    public async Task<string> DeliverAsync(Job job, string code, CancellationToken cancellationToken)
    {
        var name = ResultName(job, code);
        var target = Path.Combine(WorkFolder, name);
        Directory.CreateDirectory(WorkFolder);
        if (PassesThroughLink(Root, target))
            throw new ProblemException(Codes.HeyGem.SymbolicLink(Path.Combine(WorkFolderName, name)));
        if (File.Exists(target))
            return name;
        var partial = Path.Combine(WorkFolder, $".{name}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var source = File.OpenRead(job.OutputPath))
            await using (var copy = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                await source.CopyToAsync(copy, cancellationToken);
            File.Move(partial, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another query delivered the same result at the same moment; its copy is as good as ours.
        }
        finally
        {
            File.Delete(partial);
        }
        return name;
    }

    /// <summary>HeyGem's own naming (<c>CODE-r.mp4</c>) when the code is a plain file name; else one made from the job id.</summary>
    private static string ResultName(Job job, string code) =>
        (SafeName.Of(code, "") == code ? code : job.Id) + "-r.mp4";

    private string OnThisMachine(string name)
    {
        var container = options.HeyGemContainerPath.TrimEnd('/');
        if (container.Length == 0 || !name.StartsWith(container + "/", StringComparison.Ordinal))
            return name;
        return Path.Combine(Root, name[(container.Length + 1)..].TrimStart('/'));
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
