using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Jobs;

/// <summary>
/// Uploaded and submitted files, each stored once under the SHA-256 of its content, so the same file
/// submitted twice (or used by every item of a batch) takes the space of one. A file is copied to a
/// temporary name, flushed to disk, then renamed, so a stored input is always complete.
/// </summary>
public sealed class InputStore(string root)
{
    public string Root { get; } = root;

    /// <summary>Stores a copy of <paramref name="sourcePath"/> (unless one with the same content is there) and returns it.</summary>
    public Task<StoredInput> AddAsync(string sourcePath, CancellationToken cancellationToken = default) =>
        AddAsync(sourcePath, Path.GetFileName(sourcePath), cancellationToken);

    /// <summary>As <see cref="AddAsync(string, CancellationToken)"/>, remembering <paramref name="originalName"/> as the user's name for it.</summary>
    public async Task<StoredInput> AddAsync(string sourcePath, string originalName, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sourcePath))
            throw new MediaInputException(sourcePath, Codes.Inputs.NotFound());
        var hash = (await ContentHash.OfFileAsync(sourcePath, cancellationToken)).Hex;
        var stored = Path.Combine(Root, hash + Path.GetExtension(sourcePath).ToLowerInvariant());
        if (!File.Exists(stored))
            await CopyDurablyAsync(sourcePath, stored, cancellationToken);
        return new StoredInput(hash, stored, originalName);
    }

    /// <summary>Removes a stored input; the caller has made sure no job refers to it.</summary>
    public static void Delete(StoredInput input) => File.Delete(input.Path);

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
