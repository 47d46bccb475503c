using System.Collections.Concurrent;
using Mouthpiece.Media;

namespace Mouthpiece.Jobs;

/// <summary>
/// The files of one submission, each stored (hashed) and probed once however many of its items use it (one speech for
/// ten videos, one video for ten speeches), while items are looked at side by side.
/// </summary>
internal sealed class SubmissionInputs(InputStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<StoredInput>>> _stored = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<MediaInfo>>> _probed = new();

    /// <summary>The stored copy of <paramref name="sourcePath"/>, under the name this item gave it.</summary>
    /// <param name="knownHash">The content's hash when the caller has it (a saved avatar's).</param>
    public async Task<StoredInput> AddAsync(string sourcePath, string originalName, ContentHash? knownHash, CancellationToken cancellationToken)
    {
        var stored = await _stored.GetOrAdd(sourcePath, path => new(() => store.AddAsync(path, originalName, knownHash, cancellationToken))).Value;
        return stored with { OriginalName = originalName };
    }

    /// <summary>A stored file's probe (<see cref="InputStore.ProbeAsync"/>); <paramref name="known"/>: an upload's probe of it.</summary>
    public Task<MediaInfo> ProbeAsync(string storedPath, MediaInfo? known, CancellationToken cancellationToken) =>
        _probed.GetOrAdd(storedPath, path => new(() => InputStore.ProbeAsync(path, known, cancellationToken))).Value;
}
