using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>Free space where the data lives, and the message a person sees when it runs short.</summary>
public static class DiskSpace
{
    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    public static bool IsLow(string directory, long minimumFreeBytes) => FreeBytes(directory) < minimumFreeBytes;

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
