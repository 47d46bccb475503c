using System.Text.Json;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>
/// Uploaded and submitted files, each stored once under the SHA-256 of its content, so the same file
/// submitted twice (or used by every item of a batch) takes the space of one. A file is copied to a
/// temporary name, flushed to disk, then renamed, so a stored input is always complete. Its probe is kept beside it,
/// so the submission, the worker and every later render of the same content read ffprobe's answer instead of asking again.
/// </summary>
public sealed class InputStore(string root)
{
    private const string ProbeSuffix = ".probe.json";
    private const string HashSuffix = ".sha256";
    private static readonly JsonSerializerOptions ProbeJson = new(JsonSerializerDefaults.Web);

    public string Root { get; } = root;

    /// <summary>Stores a copy of <paramref name="sourcePath"/> (unless one with the same content is there) and returns it.</summary>
    public Task<StoredInput> AddAsync(string sourcePath, CancellationToken cancellationToken = default) =>
        AddAsync(sourcePath, Path.GetFileName(sourcePath), null, cancellationToken);

    /// <summary>As <see cref="AddAsync(string, CancellationToken)"/>, remembering <paramref name="originalName"/> as the user's name for it.</summary>
    /// <param name="knownHash">The content's hash when the caller has it already (a saved avatar's): the file is not read for it again.</param>
    public async Task<StoredInput> AddAsync(string sourcePath, string originalName, ContentHash? knownHash, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sourcePath))
            throw new MediaInputException(sourcePath, Codes.Inputs.NotFound());
        var hash = (knownHash ?? await ContentHash.OfFileAsync(sourcePath, cancellationToken)).Hex;
        var stored = Path.Combine(Root, hash + Path.GetExtension(sourcePath).ToLowerInvariant());
        if (!File.Exists(stored))
            await CopyDurablyAsync(sourcePath, stored, cancellationToken);
        return new StoredInput(hash, stored, originalName);
    }

    /// <summary>
    /// ffprobe's answer for a stored file (an input, or a normalized copy): kept beside it the first time, read from there
    /// after. <paramref name="known"/> is a probe of the same content made before it was stored (an upload's), kept in
    /// place of running ffprobe. Not checked against what the caller needs (<see cref="MediaProbe.RequireVideo"/>).
    /// </summary>
    public static async Task<MediaInfo> ProbeAsync(string storedPath, MediaInfo? known, CancellationToken cancellationToken = default)
    {
        var kept = ProbePath(storedPath);
        if (ReadKept(kept, text => JsonSerializer.Deserialize<MediaInfo>(text, ProbeJson)) is { } probe)
            return probe with { Path = storedPath };
        var info = known is null ? await MediaProbe.ProbeAsync(storedPath, cancellationToken) : known with { Path = storedPath };
        await KeepAsync(kept, JsonSerializer.Serialize(info, ProbeJson), cancellationToken);
        return info;
    }

    /// <summary>
    /// The content hash of a stored file that is not named by it (a normalized copy): kept beside it the first time,
    /// read from there after, so the copy is read whole once, not once for each of its renders.
    /// </summary>
    public static async Task<ContentHash> HashAsync(string storedPath, CancellationToken cancellationToken = default)
    {
        var kept = storedPath + HashSuffix;
        if (ReadKept(kept, ContentHash.Parse) is { } hash)
            return hash;
        hash = await ContentHash.OfFileAsync(storedPath, cancellationToken);
        await KeepAsync(kept, hash.Hex, cancellationToken);
        return hash;
    }

    /// <summary>What was kept beside a stored file; null when it is not there or cannot be read (it is then made again).</summary>
    private static T? ReadKept<T>(string kept, Func<string, T?> parse)
        where T : class
    {
        try
        {
            return File.Exists(kept) ? parse(File.ReadAllText(kept)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Written under a temporary name and renamed: a reader sees the whole text or nothing.</summary>
    private static async Task KeepAsync(string kept, string text, CancellationToken cancellationToken)
    {
        var temporary = $"{kept}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, kept, overwrite: true);
    }

    /// <summary>Where the probe of a stored file is kept.</summary>
    public static string ProbePath(string storedPath) => storedPath + ProbeSuffix;

    /// <summary>Removes a stored file and what is kept beside it (its probe, its hash); the caller has made sure no job refers to it.</summary>
    public static void Delete(string storedPath)
    {
        File.Delete(storedPath);
        File.Delete(ProbePath(storedPath));
        File.Delete(storedPath + HashSuffix);
    }

    private async Task CopyDurablyAsync(string sourcePath, string stored, CancellationToken cancellationToken)
    {
        var incoming = Path.Combine(Root, $".incoming-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Root);
            await using (var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var target = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(target, cancellationToken);
                // fsync: "accepted" must mean the bytes are on disk, not in the page cache.
                target.Flush(flushToDisk: true);
            }
            // Another submitter may have stored the same content meanwhile; both copies are identical.
            File.Move(incoming, stored, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException && e is not (DiskSpaceException or FileNotFoundException))
        {
            throw StorageException.CannotWrite(Path.GetFileName(Root), e);
        }
        finally
        {
            // Exists first: where the folder itself could not be made, deleting in it would throw over the real error.
            if (File.Exists(incoming))
                File.Delete(incoming);
        }
    }
}
