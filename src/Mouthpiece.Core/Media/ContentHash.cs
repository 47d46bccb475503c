using System.Security.Cryptography;

namespace Mouthpiece.Media;

/// <summary>SHA-256 of a file's bytes, the identity under which inputs and caches are stored.</summary>
public static class ContentHash
{
    /// <summary>Lowercase hex SHA-256 of the file's content.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
