using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>
/// Tells a network file system from a local one by what <c>statfs</c> reports for a folder (the type .NET names from
/// the file system's magic number). SQLite's file locks are not reliable over NFS, SMB, CephFS, 9p or FUSE network
/// mounts such as sshfs, so the embedded queue refuses to live there.
/// </summary>
public static class NetworkFileSystem
{
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "nfs", "nfs4", "nfsd", "cifs", "smb", "smb2", "smbfs", "smb3", "ceph", "9p", "v9fs", "afs", "coda", "ncpfs", "ncp",
        "fuse", "fuseblk", "fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "fuse.rclone", "glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "panfs", "beegfs", "orangefs",
    };

    /// <summary>True for a file system type name that is shared over a network.</summary>
    public static bool IsNetworkType(string type) => NetworkTypes.Contains(type) || type.StartsWith("fuse.", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file system type of the folder (e.g. <c>ext4</c>, <c>nfs</c>), or null when the system does not say.</summary>
    public static string? TypeOf(string directory)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(directory));
            return drive.DriveType == DriveType.Network && !IsNetworkType(drive.DriveFormat) ? "network" : drive.DriveFormat;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <exception cref="ProblemException">The folder is on a network file system.</exception>
    public static void EnsureLocal(string directory)
    {
        if (TypeOf(directory) is { } type && IsNetworkType(type))
            throw new ProblemException(RefusalMessage(directory, type));
    }

    public static Message RefusalMessage(string directory, string type) => Codes.Errors.NetworkFileSystem(directory, type);
}
