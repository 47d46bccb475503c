using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Jobs;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Bench;

/// <summary>
/// The job system against direct renders of the same inputs: the overhead of one job, and the throughput of
/// a ten-item batch with one worker per core. (A batch with one 4K item is section 3 of the suite.)
/// </summary>
internal static class JobsBenchmark
{
    public static async Task RunAsync(int batchSize)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"jobs benchmark: {cores} cores, 3 s of speech per item");
        await OverheadAsync();
        await ThroughputAsync(batchSize, cores);
    }

    private static async Task OverheadAsync()
    {
        var video = BenchJobs.SmallClip(1);
        await DirectRenderAsync(BenchJobs.SmallClip(0)); // warm-up: JIT, landmark model, ONNX session
        var direct = await DirectRenderAsync(video);
        var clock = Stopwatch.StartNew();
        var system = await BenchJobs.OpenAsync(concurrency: 1);
        await system.SubmitAsync(new JobRequest(BenchJobs.Speech, video, new JobOptions()));
        await BenchJobs.RunAllAsync(system);
        var job = clock.Elapsed;
        Console.WriteLine(Text($"overhead: direct render {direct.TotalSeconds:0.00} s, same input as a job (open store, store input, probe, lease, render, verify) {job.TotalSeconds:0.00} s: +{(job - direct).TotalSeconds:0.00} s"));
    }

    private static async Task ThroughputAsync(int items, int cores)
    {
        string[] videos = [.. Enumerable.Range(10, items).Select(BenchJobs.SmallClip)];
        var system = await BenchJobs.OpenAsync(cores);
        var clock = Stopwatch.StartNew();
        await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(BenchJobs.Speech, videos, new JobOptions()));
        var jobs = await BenchJobs.RunAllAsync(system);
        var wall = clock.Elapsed;
        var done = jobs.Count(job => job.State == JobState.Done);
        Console.WriteLine(Text($"throughput: {done}/{items} items of 3 s in {wall.TotalSeconds:0.0} s with {cores} workers: {done / wall.TotalMinutes:0.0} items/min, {wall.TotalSeconds / done:0.0} s per item"));
    }

    private static async Task<TimeSpan> DirectRenderAsync(string video)
    {
        var clock = Stopwatch.StartNew();
        var output = Path.Combine(BenchMedia.WorkDirectory, "direct.mp4");
        await RenderPipeline.RunAsync(new RenderRequest(BenchJobs.Speech, video, output) { ScratchDirectory = BenchMedia.WorkDirectory });
        return clock.Elapsed;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
