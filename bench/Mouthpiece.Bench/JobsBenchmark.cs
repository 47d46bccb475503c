using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Bench;

/// <summary>
/// The job system against direct renders of the same inputs: the overhead of one job, a batch of six
/// where one input is a 4K 60 Mbps file (order of completion and wall time against one after another),
/// and the throughput of a ten-item batch with one worker per core.
/// </summary>
internal static class JobsBenchmark
{
    private static readonly string Speech = BenchMedia.Fixture("speech-en-3s.wav");

    public static async Task RunAsync(int batchSize)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"jobs benchmark: {cores} cores, 3 s of speech per item");
        await OverheadAsync();
        await SlowInputBatchAsync(cores);
        await ThroughputAsync(batchSize, cores);
    }

    private static async Task OverheadAsync()
    {
        var video = SmallClip(1);
        await DirectRenderAsync(SmallClip(0)); // warm-up: JIT, landmark model, ONNX session
        var direct = await DirectRenderAsync(video);
        var clock = Stopwatch.StartNew();
        var system = await OpenAsync(concurrency: 1);
        await system.SubmitAsync(new JobRequest(Speech, video, new JobOptions()));
        await RunAllAsync(system);
        var job = clock.Elapsed;
        Console.WriteLine(Text($"overhead: direct render {direct.TotalSeconds:0.00} s, same input as a job (open store, store input, probe, lease, render, verify) {job.TotalSeconds:0.00} s: +{(job - direct).TotalSeconds:0.00} s"));
    }

    private static async Task SlowInputBatchAsync(int cores)
    {
        var fourK = BenchMedia.TalkingClip(2160, 3, 60_000_000);
        string[] videos = [fourK, .. Enumerable.Range(2, 5).Select(SmallClip)];
        var sequential = Stopwatch.StartNew();
        var normalized = Path.Combine(BenchMedia.WorkDirectory, "normalized-4k.mp4");
        await Normalizer.NormalizeAsync(await MediaProbe.ProbeVideoAsync(fourK), normalized, new NormalizeOptions());
        await DirectRenderAsync(normalized);
        foreach (var video in videos.Skip(1))
            await DirectRenderAsync(video);
        var oneAfterAnother = sequential.Elapsed;

        var system = await OpenAsync(cores);
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(Speech, videos, new JobOptions()));
        var jobs = await RunAllAsync(system);
        var wall = clock.Elapsed;
        Console.WriteLine(Text($"batch of 6 with a 4K 60 Mbps input, {cores} workers: wall {wall.TotalSeconds:0.0} s; one after another (normalize + render, direct) {oneAfterAnother.TotalSeconds:0.0} s"));
        foreach (var job in jobs.OrderBy(job => job.FinishedAt))
            Console.WriteLine(Text($"  {job.OutputName,-28} {job.State,-6} finished at {(job.FinishedAt!.Value - start).TotalSeconds,6:0.0} s"));
    }

    private static async Task ThroughputAsync(int items, int cores)
    {
        string[] videos = [.. Enumerable.Range(10, items).Select(SmallClip)];
        var system = await OpenAsync(cores);
        var clock = Stopwatch.StartNew();
        await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(Speech, videos, new JobOptions()));
        var jobs = await RunAllAsync(system);
        var wall = clock.Elapsed;
        var done = jobs.Count(job => job.State == JobState.Done);
        Console.WriteLine(Text($"throughput: {done}/{items} items of 3 s in {wall.TotalSeconds:0.0} s with {cores} workers: {done / wall.TotalMinutes:0.0} items/min, {wall.TotalSeconds / done:0.0} s per item"));
    }

    /// <summary>The talking clip at about 480p, a few lines smaller per variant so each is distinct and no face-track cache is shared.</summary>
    private static string SmallClip(int variant) => BenchMedia.TalkingClip(480 - 2 * variant, 3, 2_000_000);

    private static async Task<TimeSpan> DirectRenderAsync(string video)
    {
        var clock = Stopwatch.StartNew();
        var output = Path.Combine(BenchMedia.WorkDirectory, "direct.mp4");
        await RenderPipeline.RunAsync(new RenderRequest(Speech, video, output) { ScratchDirectory = BenchMedia.WorkDirectory });
        return clock.Elapsed;
    }

    private static async Task<JobSystem> OpenAsync(int concurrency)
    {
        // A new folder each time: a pooled SQLite connection would still point at a deleted file.
        var root = Path.Combine(BenchMedia.WorkDirectory, $"jobs-data-{Guid.NewGuid():N}");
        return await JobSystem.OpenAsync(new DataDirectory(root), new JobSystemOptions { Concurrency = concurrency, Poll = TimeSpan.FromMilliseconds(100) });
    }

    private static async Task<IReadOnlyList<Job>> RunAllAsync(JobSystem system)
    {
        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);
        while (true)
        {
            var jobs = await system.Store.ListAsync();
            if (jobs.All(job => job.IsFinal))
            {
                await stop.CancelAsync();
                await workers;
                return jobs;
            }
            await Task.Delay(50);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
