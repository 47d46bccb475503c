using System.Globalization;

namespace Mouthpiece.Jobs;

/// <summary>Free space where the data lives, and the message a person sees when it runs short.</summary>
public static class DiskSpace
{
    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    public static bool IsLow(string directory, long minimumFreeBytes) => FreeBytes(directory) < minimumFreeBytes;

    /// <summary>
    /// The one free-space guard of uploads, submissions and running jobs: throws <see cref="DiskSpaceException"/>
    /// when writing <paramref name="incomingBytes"/> more would leave less than <paramref name="minimumFreeBytes"/>.
    /// </summary>
    public static void EnsureRoom(string directory, long minimumFreeBytes, long incomingBytes = 0)
    {
        if (FreeBytes(directory) - incomingBytes < minimumFreeBytes)
            throw new DiskSpaceException(LowMessage(directory, minimumFreeBytes + incomingBytes));
    }

    public static string LowMessage(string directory, long minimumFreeBytes) => string.Create(CultureInfo.InvariantCulture,
        $"the disk is nearly full: {FreeBytes(directory) / 1e6:0} MB free in {directory}, {minimumFreeBytes / 1e6:0} MB needed; free some space (e.g. delete old jobs) and retry");
}

/// <summary>New work is refused because the data directory's disk is nearly full.</summary>
public sealed class DiskSpaceException : IOException
{
    public DiskSpaceException()
    {
    }

    public DiskSpaceException(string message)
        : base(message)
    {
    }

    public DiskSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A folder of the data directory cannot be written (its permissions, a read-only disk): nothing a client can
/// fix; the message names the folder and what the system said.
/// </summary>
public sealed class StorageException : IOException
{
    public StorageException()
    {
    }

    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static StorageException CannotWrite(string folder, Exception cause) =>
        new($"the server cannot write to its {folder} folder ({cause.Message}); the data directory must be made writable", cause);
}
