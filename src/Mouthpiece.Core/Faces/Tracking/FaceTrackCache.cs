using System.Security.Cryptography;
using System.Text;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;

namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// Face tracks kept on disk (the "avatar cache"), so a video rendered again with other audio skips
/// tracking. A track is found by the video's content hash and the options that change the result, one
/// file each, <c>HASH-OPTIONS.facetrack</c>. Files are written whole to a temporary name and renamed,
/// so readers never see half a file; a file that cannot be read (torn, damaged, from another format
/// version) counts as a miss and is replaced by the next store. Safe to share between threads and
/// processes on one directory.
/// </summary>
public sealed class FaceTrackCache
{
    public const string Extension = ".facetrack";

    /// <param name="directory">Where the files go, normally <c>DataDirectory.Root/cache/faces</c>; created when needed.</param>
    public FaceTrackCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The file that holds the track of this video under these options.</summary>
    public string PathFor(ContentHash video, FaceTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(options);
        var optionsKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.ResultKey)))[..16];
        return Path.Combine(Directory, $"{video.Hex}-{optionsKey}{Extension}");
    }

    /// <summary>The stored track, or null when there is none or it cannot be read.</summary>
    public FaceTrack? TryLoad(ContentHash video, FaceTrackerOptions options)
    {
        var path = PathFor(video, options);
        try
        {
            return FaceTrackFormat.Deserialize(File.ReadAllBytes(path));
        }
        // Missing, half-replaced by another process, or unreadable: all mean tracking again.
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores a complete track, replacing any earlier file for the same key.</summary>
    public void Store(ContentHash video, FaceTrackerOptions options, FaceTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var path = PathFor(video, options);
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(FaceTrackFormat.Serialize(track));
                // On disk before the rename, so a crash leaves the old file or the new one, never an empty one.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The cached track of <paramref name="video"/>, tracking it and storing the result on a miss.</summary>
    public async Task<FaceTrack> GetOrTrackAsync(MediaInfo video, ContentHash hash, ShapePredictor predictor, FaceTrackerOptions options,
        CancellationToken cancellationToken = default)
    {
        if (TryLoad(hash, options) is { } cached)
            return cached;
        var track = await FaceTracker.TrackVideoAsync(video, predictor, options, cancellationToken);
        Store(hash, options, track);
        return track;
    }
}
