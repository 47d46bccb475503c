using System.Globalization;

namespace Mouthpiece.Jobs;

/// <summary>Free space where the data lives, and the message a person sees when it runs short.</summary>
public static class DiskSpace
{
    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    public static bool IsLow(string directory, long minimumFreeBytes) => FreeBytes(directory) < minimumFreeBytes;

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
