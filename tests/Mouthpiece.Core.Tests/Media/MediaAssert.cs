using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

internal static class MediaAssert
{
    /// <summary>The output exists under its real name and nothing half-written is left beside it.</summary>
    public static void NoPartialLeft(string output) =>
        Assert.Empty(OutputFile.PartialsOf(output));

    /// <summary>MP4 with its index before the media data, so browsers can start playing at once.</summary>
    public static void IsFastStart(string path)
    {
        var head = File.ReadAllBytes(path).AsSpan();
        var moov = head.IndexOf("moov"u8);
        var mdat = head.IndexOf("mdat"u8);
        Assert.True(moov >= 0 && mdat >= 0 && moov < mdat, "the moov index should come before mdat (+faststart)");
    }

    public static void BitRateNear(long expected, long? actual, double tolerance = 0.2)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, expected * (1 - tolerance), expected * (1 + tolerance));
    }
}
