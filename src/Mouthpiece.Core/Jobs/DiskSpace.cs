using Mouthpiece.Messages;

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

    public static Message LowMessage(string directory, long minimumFreeBytes) =>
        Codes.Errors.DiskLow(FreeBytes(directory) / 1e6, minimumFreeBytes / 1e6, directory);
}

/// <summary>New work is refused because the data directory's disk is nearly full.</summary>
public sealed class DiskSpaceException : ProblemException
{
    public DiskSpaceException(Message problem)
        : base(problem)
    {
    }

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
/// fix; the problem names the folder and what the system said.
/// </summary>
public sealed class StorageException : ProblemException
{
    public StorageException(Message problem)
        : base(problem)
    {
    }

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

    public static StorageException CannotWrite(string folder, Exception cause) => new(Codes.Errors.StorageNotWritable(folder, cause.Message));
}
