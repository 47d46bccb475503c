using System.Numerics;
using Mouthpiece.Core.Tests.Faces.Landmarks;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

[Collection(VideoTracking.Name)]
public sealed class FaceTrackCacheTests(Scratch scratch) : IClassFixture<Scratch>
{
    private static readonly ContentHash Video = ContentHash.Parse(new string('a', 64));
    private static readonly FaceTrackerOptions Options = new();

    [Fact]
    public void A_stored_track_loads_back()
    {
        var cache = NewCache();
        var track = Track(frames: 30);

        cache.Store(Video, Options, track);
        var loaded = cache.TryLoad(Video, Options);

        Assert.NotNull(loaded);
        Assert.Equal(track.FrameCount, loaded.FrameCount);
        Assert.Equal(track[7]!.Points, loaded[7]!.Points);
        Assert.Null(loaded[3]);
    }

    [Fact]
    public void Another_video_face_index_or_detector_model_is_a_miss()
    {
        var cache = NewCache();
        cache.Store(Video, Options, Track(frames: 10));

        Assert.Null(cache.TryLoad(ContentHash.Parse(new string('b', 64)), Options));
        Assert.Null(cache.TryLoad(Video, Options with { FaceIndex = 1 }));
        Assert.Null(cache.TryLoad(Video, Options with { Detector = new FaceDetectorOptions { ModelPath = NativeAssets.BlazeFaceFrontModel } }));
        Assert.NotNull(cache.TryLoad(Video, Options with { Detector = new FaceDetectorOptions { Threads = 2 } }));
    }

    [Fact]
    public void An_empty_or_missing_cache_directory_is_a_miss()
    {
        Assert.Null(NewCache().TryLoad(Video, Options));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("damaged")]
    [InlineData("empty")]
    [InlineData("not a track")]
    public void A_broken_file_is_a_miss_and_the_next_store_replaces_it(string damage)
    {
        var cache = NewCache();
        cache.Store(Video, Options, Track(frames: 20));
        var path = cache.PathFor(Video, Options);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "damaged" => [.. bytes[..100], (byte)(bytes[100] ^ 0xFF), .. bytes[101..]],
            "empty" => [],
            _ => "<html>not found</html>"u8.ToArray(),
        });

        Assert.Null(cache.TryLoad(Video, Options));

        cache.Store(Video, Options, Track(frames: 20));
        Assert.Equal(20, cache.TryLoad(Video, Options)?.FrameCount);
    }

    [Fact]
    public void Storing_leaves_only_the_track_file()
    {
        var cache = NewCache();

        cache.Store(Video, Options, Track(frames: 5));
        cache.Store(Video, Options, Track(frames: 6));

        var file = Assert.Single(Directory.GetFiles(cache.Directory));
        Assert.Equal(cache.PathFor(Video, Options), file);
        Assert.EndsWith(FaceTrackCache.Extension, file, StringComparison.Ordinal);
        Assert.StartsWith(Video.Hex, Path.GetFileName(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_never_see_half_a_file_while_others_store()
    {
        var cache = NewCache();
        cache.Store(Video, Options, Track(frames: 300));
        // The writers wait for the reader, so on a busy machine they cannot all finish before it reads once.
        var readerRunning = new TaskCompletionSource();
        var writers = Task.WhenAll(Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            await readerRunning.Task;
            for (var round = 0; round < 30; round++)
                cache.Store(Video, Options, Track(frames: 300 + writer));
        })));
        var reader = Task.Run(() =>
        {
            var frameCounts = new List<int?>();
            do
            {
                frameCounts.Add(cache.TryLoad(Video, Options)?.FrameCount);
                readerRunning.TrySetResult();
            }
            while (!writers.IsCompleted);
            return frameCounts;
        });

        await Task.WhenAll(writers, reader);

        Assert.All(await reader, count => Assert.True(count is null or 300 or 301 or 302, $"read a track of {count} frames"));
        Assert.Contains(await reader, count => count is not null);
        Assert.Single(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public async Task A_video_is_tracked_once_then_read_from_the_cache()
    {
        var cache = NewCache();
        var path = TestData.File("media", "talking-3s.mp4");
        var info = await MediaProbe.ProbeVideoAsync(path);
        var hash = await ContentHash.OfFileAsync(path);

        var tracked = await cache.GetOrTrackAsync(info, hash, LandmarkModel.Shared, Options);
        var stored = File.GetLastWriteTimeUtc(cache.PathFor(hash, Options));
        var cached = await cache.GetOrTrackAsync(info, hash, LandmarkModel.Shared, Options);

        Assert.Equal(90, tracked.FrameCount);
        Assert.Equal(1, cached.Coverage);
        Assert.Equal(stored, File.GetLastWriteTimeUtc(cache.PathFor(hash, Options)));
        for (var frame = 0; frame < tracked.FrameCount; frame++)
            Assert.Equal(tracked[frame]!.Points, cached[frame]!.Points);
    }

    private FaceTrackCache NewCache() => new(Path.Combine(scratch.Root, Guid.NewGuid().ToString("N"), "cache", "faces"));

    // Every third frame has no face.
    private static FaceTrack Track(int frames) => new(
        Enumerable.Range(0, frames).Select(frame => frame % 3 == 0
            ? null
            : new FaceLandmarks(Enumerable.Range(0, FaceLandmarks.Count).Select(i => new Vector2(i + frame, 2 * i)).ToArray())),
        30);
}
