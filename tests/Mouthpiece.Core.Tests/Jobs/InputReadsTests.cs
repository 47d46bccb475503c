using System.Collections.Concurrent;
using System.Diagnostics;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>
/// What is known of an input travels with it: from submission to the finished render each input is probed once and
/// hashed once. Counted from the reads the media layer traces (<see cref="MediaReads"/>), for this test's own files.
/// </summary>
public sealed class InputReadsTests : IClassFixture<JobFixture>, IDisposable
{
    private readonly JobFixture _media;
    private readonly ReadCounter _reads = new();

    public InputReadsTests(JobFixture media)
    {
        _media = media;
    }

    [Fact]
    public async Task A_job_probes_and_hashes_each_input_once_from_submission_to_the_finished_render()
    {
        var data = _media.NewDataDirectory();
        var (audio, video) = (Copy(_media.AudioA, data), Copy(_media.VideoA, data));
        var system = await JobSystem.OpenAsync(data, JobFixture.FastOptions(1));

        var job = await system.SubmitAsync(new JobRequest(audio, video, new JobOptions()));
        var done = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal);

        Assert.Equal(JobState.Done, done.Single().State);
        Assert.Equal((1, 1), _reads.Of(video, job.Video.Path));
        Assert.Equal((1, 1), _reads.Of(audio, job.Audio!.Path));
    }

    [Fact]
    public async Task An_uploads_probe_is_the_only_probe_and_an_avatars_hash_the_only_hash()
    {
        var data = _media.NewDataDirectory();
        var (audio, video) = (Copy(_media.AudioA, data), Copy(_media.VideoA, data));
        // As the web server does: each upload was probed when it came in; an avatar's hash was taken when it was saved.
        var (audioProbe, videoProbe) = (await MediaProbe.ProbeAudioAsync(audio), await MediaProbe.ProbeVideoAsync(video));
        var videoHash = await ContentHash.OfFileAsync(video);
        var system = await JobSystem.OpenAsync(data, JobFixture.FastOptions(1));

        var job = await system.SubmitAsync(new JobRequest(audio, video, new JobOptions())
        {
            AudioProbe = audioProbe,
            VideoProbe = videoProbe,
            VideoHash = videoHash,
        });
        var done = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal);

        Assert.Equal(JobState.Done, done.Single().State);
        Assert.Equal(videoHash.Hex, job.Video.Hash);
        Assert.Equal((1, 1), _reads.Of(video, job.Video.Path));
        Assert.Equal((1, 1), _reads.Of(audio, job.Audio!.Path));
    }

    [Fact]
    public async Task A_batch_of_speeches_for_one_video_probes_and_hashes_the_video_once()
    {
        var data = _media.NewDataDirectory();
        var (first, second, video) = (Copy(_media.AudioA, data), Copy(_media.AudioB, data), Copy(_media.VideoA, data));
        var system = await JobSystem.OpenAsync(data, JobFixture.FastOptions(2));

        var batch = await system.SubmitBatchAsync(JobRequest.ManyAudiosOneVideo([first, second], video, new JobOptions()));
        var done = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId);

        Assert.All(done, job => Assert.Equal(JobState.Done, job.State));
        Assert.Equal((1, 1), _reads.Of(video, batch[0].Video.Path));
    }

    [Fact]
    public async Task A_normalized_copy_is_probed_and_hashed_once_for_all_its_renders()
    {
        var data = _media.NewDataDirectory();
        var (first, second, video) = (Copy(_media.AudioA, data), Copy(_media.AudioB, data), Copy(_media.HeavyVideo, data));
        var system = await JobSystem.OpenAsync(data, JobFixture.FastOptions(2));

        // A heavy camera file that will be rendered often (a saved avatar's, say) is normalized first.
        var items = JobRequest.ManyAudiosOneVideo([first, second], video, new JobOptions()).Select(item => item with { LaterRendersOfVideo = 10 }).ToList();
        var batch = await system.SubmitBatchAsync(items);
        var done = await JobFixture.RunUntilAsync(system, JobFixture.AllFinal, batch[0].BatchId);

        Assert.All(done, job => Assert.Equal(JobState.Done, job.State));
        Assert.All(done, job => Assert.Equal(done[0].DependsOn, job.DependsOn));
        var normalized = (await system.Store.GetAsync(done[0].DependsOn!))!.OutputPath;
        Assert.Equal((1, 1), _reads.Of(normalized));
    }

    [Fact]
    public async Task A_render_request_that_carries_the_probes_and_the_hash_reads_neither_input_again()
    {
        var data = _media.NewDataDirectory();
        var (audio, video) = (Copy(_media.AudioA, data), Copy(_media.VideoA, data));
        var request = new RenderRequest(audio, video, Path.Combine(data.Root, "out.mp4"))
        {
            AudioProbe = await MediaProbe.ProbeAudioAsync(audio),
            VideoProbe = await MediaProbe.ProbeVideoAsync(video),
            VideoHash = await ContentHash.OfFileAsync(video),
            FaceTrackCacheDirectory = data.FaceTrackCache,
            ScratchDirectory = data.Scratch,
        };

        await RenderPipeline.RunAsync(request);

        Assert.Equal((1, 1), _reads.Of(video));
        Assert.Equal((1, 0), _reads.Of(audio));
    }

    [Fact]
    public async Task A_stored_files_probe_is_kept_and_read_back_whole()
    {
        var data = _media.NewDataDirectory();
        var video = Copy(_media.VideoA, data);

        var first = await InputStore.ProbeAsync(video, null);
        var again = await InputStore.ProbeAsync(video, null);

        Assert.Equal(first, again);
        Assert.True(again.Duration > TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), _reads.Of(video));
    }

    [Fact]
    public async Task A_stored_files_hash_is_kept_beside_it_and_goes_with_it()
    {
        var data = _media.NewDataDirectory();
        var video = Copy(_media.VideoA, data);

        var first = await InputStore.HashAsync(video);
        var again = await InputStore.HashAsync(video);
        InputStore.Delete(video);

        Assert.Equal(await ContentHash.OfFileAsync(_media.VideoA), again);
        Assert.Equal(first, again);
        Assert.Equal((0, 1), _reads.Of(video));
        Assert.Empty(Directory.EnumerateFiles(data.Root, Path.GetFileName(video) + "*"));
    }

    public void Dispose() => _reads.Dispose();

    private static string Copy(string file, DataDirectory data)
    {
        var copy = Path.Combine(data.Root, Path.GetFileName(file));
        File.Copy(file, copy);
        return copy;
    }

    /// <summary>Every probe and hash of any file while the test runs; <see cref="Of"/> picks the test's own files.</summary>
    private sealed class ReadCounter : IDisposable
    {
        private readonly ConcurrentQueue<(string Name, string File)> _reads = new();
        private readonly ActivityListener _listener;

        public ReadCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == MediaReads.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity => _reads.Enqueue((activity.OperationName, activity.GetTagItem(MediaReads.FileTag) as string ?? "")),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public (int Probes, int Hashes) Of(params string[] files)
        {
            var paths = files.Select(Path.GetFullPath).ToHashSet();
            var reads = _reads.Where(read => paths.Contains(read.File)).ToList();
            return (reads.Count(read => read.Name == MediaReads.Probe), reads.Count(read => read.Name == MediaReads.Hash));
        }

        public void Dispose() => _listener.Dispose();
    }
}
