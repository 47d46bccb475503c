using Mouthpiece.Bench.Charts;
using Mouthpiece.Jobs;
using Mouthpiece.Pipeline;
using static System.FormattableString;

namespace Mouthpiece.Bench.Suite;

/// <summary>
/// Section 3, a heavy input never holds up a light one: one speech for a 2160p 60 Mbps camera file, a VP9 WebM and
/// four compliant recordings (<see cref="SharedMedia"/>), through the embedded job system with 2 workers and default settings, against the same
/// four clips as a batch of their own, and against rendering the six items one after another.
/// </summary>
internal static class BatchSection
{
    private const int Workers = 2;

    /// <summary>The bound: each compliant item is done no later than this many times its time in a batch of its own.</summary>
    private const double AllowedDelay = 1.15;

    /// <summary>The length of the videos that must fail fast, long enough that rendering them to the end takes far longer than the bound.</summary>
    private const int FailFastSeconds = 30;

    /// <summary>The bound on the seconds from a job's start to its failure for a video without the face.</summary>
    private const int FailFastBound = 5;

    private sealed record Item(string Label, Job Job, double StartedAt, double FinishedAt);

    public static async Task RunAsync(SuitePlan plan, SuiteReport report)
    {
        var seconds = plan.BatchItemSeconds;
        var heavyMbps = plan.BitRate2160 / 1e6;
        report.Heading(Invariant($"3. Batch with a 2160p {heavyMbps:0} Mbps file and a VP9 WebM among compliant clips"));
        if (SharedMedia.Missing() is { } skipped)
        {
            report.Line(skipped);
            return;
        }
        report.Status("batch: making the inputs");
        var speech = BenchMedia.Speech(seconds, source: SharedMedia.Speech60s);
        var heavy = BenchMedia.CameraClip(2160, seconds, plan.BitRate2160, SharedMedia.LandscapeWoman);
        var webm = BenchMedia.Vp9Clip(1080, seconds, SharedMedia.LandscapeWoman);
        // The four real recordings as they are: each longer than the speech, so each render takes the speech's length.
        var compliant = SharedMedia.CompliantVideos;
        string[] mixed = [heavy, webm, .. compliant];

        var light = new List<List<Item>>();
        var full = new List<List<Item>>();
        var lightSubmissions = new List<double>();
        var fullSubmissions = new List<double>();
        for (var round = 1; round <= plan.BatchRounds; round++)
        {
            report.Status(Invariant($"batch: round {round} of {plan.BatchRounds}, the compliant clips alone"));
            var (lightItems, lightSubmission) = await RunBatchAsync(speech, compliant);
            light.Add(lightItems);
            lightSubmissions.Add(lightSubmission);
            report.Status(Invariant($"batch: round {round} of {plan.BatchRounds}, with the heavy files submitted first"));
            var (fullItems, fullSubmission) = await RunBatchAsync(speech, mixed);
            full.Add(fullItems);
            fullSubmissions.Add(fullSubmission);
        }
        report.Status("batch: the six items rendered one after another");
        var oneByOne = new List<double>();
        foreach (var video in mixed)
            oneByOne.Add(await Timing.SecondsAsync(() => RenderAsync(speech, video)));

        report.Status("batch: the submissions alone, no worker running");
        var (fullIngest, lightIngest) = (await IngestAsync(speech, mixed), await IngestAsync(speech, compliant));

        report.Status("batch: a video without a face, and a face number beyond the faces");
        var failFast = await FailFastAsync();

        var lightFinish = Medians(light);
        var fullFinish = Medians(full);
        var worst = compliant.Max(clip => fullFinish[Path.GetFileName(clip)] / lightFinish[Path.GetFileName(clip)]);
        var batchTotal = Median(full.Select(items => items.Max(item => item.FinishedAt)));
        report.Line(Invariant($"One {seconds} s speech (real English) for six videos: a 3840x2160 {heavyMbps:0} Mbps H.264 camera file and a 1920x1080 VP9 WebM made from a real recording (both beyond the input policy, each rendered once, so rendered as they are), and four real compliant H.264 recordings of four people as they are (512x480, 512x512, 720x1280, 1280x720); the heavy two are submitted first. The embedded job system with {Workers} workers and default settings; times from the submission, which stores and probes every input; median of {plan.BatchRounds} round(s), the batch of the compliant clips alone and the full batch interleaved."));
        report.Line();
        report.Line(Invariant($"**Each compliant item was done at most {worst:0.00}× as late as in a batch of its own (bound {AllowedDelay:0.00}×); the whole batch took {batchTotal:0.0} s, rendering the six one after another {oneByOne.Sum():0.0} s.**"));
        report.Line();
        report.TableHeader("item", "done in a batch of the compliant clips (s)", "done in the full batch (s)", "ratio");
        foreach (var clip in compliant.Select(Path.GetFileName))
            report.TableRow(Label(clip!), Invariant($"{lightFinish[clip!]:0.0}"), Invariant($"{fullFinish[clip!]:0.0}"), Invariant($"{fullFinish[clip!] / lightFinish[clip!]:0.00}"));
        foreach (var clip in new[] { heavy, webm }.Select(Path.GetFileName))
            report.TableRow(Label(clip!), "", Invariant($"{fullFinish[clip!]:0.0}"), "");
        report.TableRow("**whole batch**", Invariant($"{Median(light.Select(items => items.Max(item => item.FinishedAt))):0.0}"), Invariant($"**{batchTotal:0.0}**"), "");
        report.TableRow("**one after another** (each rendered alone)", "", Invariant($"**{oneByOne.Sum():0.0}**"), "");
        report.Line();
        report.Line(Invariant($"The submission returned (every input stored, hashed and probed, every item queued) after {Median(fullSubmissions):0.0} s with the heavy files, {Median(lightSubmissions):0.0} s without (medians); the light items start while it still stores the heavy ones. Alone, with no worker running, the submission (storing, hashing and probing every input) cost {fullIngest.Cpu:0.00} CPU-s in {fullIngest.Wall:0.00} s with the heavy files and {lightIngest.Cpu:0.00} CPU-s in {lightIngest.Wall:0.00} s without."));
        report.Line();
        report.Line("The full batch's last round, job by job (seconds from the submission):");
        report.Line();
        report.TableHeader("job", "state", "started (s)", "finished (s)");
        foreach (var item in full[^1])
            report.TableRow(item.Label, item.Job.State.ToString().ToLowerInvariant(), Invariant($"{item.StartedAt:0.0}"), Invariant($"{item.FinishedAt:0.0}"));
        report.Chart("batch-timeline.png", "when each job of the full batch started and finished", path => BarChart.Write(path,
            "full batch: seconds from submission until each job started and finished", "seconds", [.. full[^1].Select(item => item.Label)],
            [new ChartSeries("started", [.. full[^1].Select(item => item.StartedAt)]), new ChartSeries("finished", [.. full[^1].Select(item => item.FinishedAt)])],
            "0.0"));
        report.Line();
        report.Line(Invariant($"**Fail fast: a {FailFastSeconds} s video without a face failed {failFast[0]:0.0} s after its job started, face number 5 asked of a {FailFastSeconds} s recording of one person {failFast[1]:0.0} s after (bound {FailFastBound} s).** Both with {FailFastSeconds} s of speech, one batch, the same {Workers} workers; each fails at the analysis of the video's first seconds, before anything is encoded."));
    }

    /// <summary>Seconds from the start to the failure of a job whose video has no face, and of one asking for a sixth face of one person.</summary>
    private static async Task<double[]> FailFastAsync()
    {
        var speech = BenchMedia.Speech(FailFastSeconds, source: SharedMedia.Speech60s);
        var talking = BenchMedia.TalkingClip(480, FailFastSeconds, source: SharedMedia.TalkingMan);
        var system = await BenchJobs.OpenAsync(Workers);
        IReadOnlyList<Job> submitted = [];
        var jobs = await BenchJobs.RunAllAsync(system, async () => submitted = await system.SubmitBatchAsync(
        [
            new JobRequest(speech, BenchMedia.WallClip(FailFastSeconds), new JobOptions()),
            new JobRequest(speech, talking, new JobOptions { FaceIndex = 5 }),
        ]));
        Directory.Delete(system.Data.Root, recursive: true);
        return [.. submitted.Select(item => jobs.Single(job => job.Id == item.Id)).Select(job => job.State == JobState.Failed
            ? (job.FinishedAt!.Value - job.StartedAt!.Value).TotalSeconds
            : throw new InvalidOperationException($"{job.OutputName} did not fail: {job.State}"))];
    }

    /// <summary>
    /// Submits one speech for the videos as one batch to a fresh job system whose workers already run; returns every job,
    /// in order of finishing, and the seconds the submission took.
    /// </summary>
    private static async Task<(List<Item> Items, double SubmissionSeconds)> RunBatchAsync(string speech, IReadOnlyList<string> videos)
    {
        var system = await BenchJobs.OpenAsync(Workers);
        var start = DateTimeOffset.UtcNow;
        var submitted = start;
        var renders = await BenchJobs.RunAllAsync(system, async () =>
        {
            await system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(speech, videos, new JobOptions()));
            submitted = DateTimeOffset.UtcNow;
        });
        Directory.Delete(system.Data.Root, recursive: true);
        List<Item> items = [.. renders
            .Select(job => new Item(Label(job.Video.OriginalName), job, Seconds(job.StartedAt, start), Seconds(job.FinishedAt, start)))
            .OrderBy(item => item.FinishedAt)];
        return (items, Seconds(submitted, start));
    }

    /// <summary>The wall and CPU seconds (ffprobe's included) of submitting the batch to a job system whose workers do not run.</summary>
    private static async Task<(double Wall, double Cpu)> IngestAsync(string speech, IReadOnlyList<string> videos)
    {
        var system = await BenchJobs.OpenAsync(Workers);
        var wall = 0.0;
        var cpu = await CpuTime.OfAsync(async () =>
            wall = await Timing.SecondsAsync(() => system.SubmitBatchAsync(JobRequest.OneAudioManyVideos(speech, videos, new JobOptions()))));
        Directory.Delete(system.Data.Root, recursive: true);
        return (wall, cpu);
    }

    private static Task<RenderReport> RenderAsync(string speech, string video) =>
        RenderPipeline.RunAsync(new RenderRequest(speech, video, Path.Combine(BenchMedia.WorkDirectory, "batch-alone.mp4"))
        {
            ScratchDirectory = BenchMedia.WorkDirectory,
            FaceTrackCacheDirectory = null,
        });

    /// <summary>Each item's finish time, the median over the rounds, by its video's file name.</summary>
    private static Dictionary<string, double> Medians(List<List<Item>> rounds) =>
        rounds.SelectMany(items => items).GroupBy(item => item.Job.Video.OriginalName)
            .ToDictionary(group => group.Key, group => Median(group.Select(item => item.FinishedAt)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>"2160p 60M" for the camera file, "1080p VP9" for the WebM, the recording's own name for a compliant one.</summary>
    private static string Label(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var parts = name.Split('-');
        return parts[0] switch
        {
            "camera" => $"{parts[1]} {parts[3]}",
            _ when fileName.EndsWith(".webm", StringComparison.Ordinal) => $"{parts[^3]} VP9",
            _ => name,
        };
    }

    private static double Seconds(DateTimeOffset? time, DateTimeOffset start) => time is { } t ? (t - start).TotalSeconds : double.NaN;
}
