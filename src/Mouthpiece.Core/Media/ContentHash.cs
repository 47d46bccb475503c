using System.Security.Cryptography;

namespace Mouthpiece.Media;

/// <summary>
/// The SHA-256 of a file's bytes, as 64 lowercase hex digits: names a video by what it contains, so a
/// re-uploaded or renamed copy finds the work already done for it (the face-track cache).
/// Hashing reads the whole file; compute it once per input and keep it with the job.
/// </summary>
public sealed record ContentHash
{
    private const int HexLength = 2 * SHA256.HashSizeInBytes;

    private ContentHash(string hex) => Hex = hex;

    /// <summary>64 lowercase hex digits; safe to use in file names.</summary>
    public string Hex { get; }

    /// <summary>Hashes the file, streaming it, so memory stays small whatever its size.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<ContentHash> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reading = MediaReads.Start(MediaReads.Hash, path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var digest = await SHA256.HashDataAsync(stream, cancellationToken);
        return new ContentHash(Convert.ToHexStringLower(digest));
    }

    /// <summary>Reads a hash kept earlier (e.g. in a job row).</summary>
    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    public static ContentHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != HexLength || !hex.All(char.IsAsciiHexDigit))
            throw new FormatException($"a content hash is {HexLength} hex digits, not \"{hex}\"");
        return new ContentHash(hex.ToLowerInvariant());
    }

    public override string ToString() => Hex;
}
