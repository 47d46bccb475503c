using System.Diagnostics;
using Mouthpiece.Jobs;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

/// <summary><c>mouthpiece batch</c> and <c>mouthpiece worker</c> as a user runs them, on a real data directory.</summary>
public sealed class BatchCommandTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;
    private readonly string _audio;
    private readonly string _video;

    public BatchCommandTests(Scratch scratch)
    {
        _scratch = scratch;
        _audio = File.Exists(scratch.File("one.wav")) ? scratch.File("one.wav")
            : scratch.Ffmpeg("one.wav", "-i", TestData.File("media", "speech-en-3s.wav"), "-t", "1");
        _video = File.Exists(scratch.File("face.mp4")) ? scratch.File("face.mp4")
            : scratch.Ffmpeg("face.mp4", "-i", TestData.File("media", "talking-3s.mp4"), "-t", "1.5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");
    }

    [Fact]
    public async Task A_batch_with_a_bad_item_writes_the_good_ones_names_the_failure_and_exits_1()
    {
        var bad = _scratch.WriteText("broken.mp4", "not a video\n");
        var outDir = _scratch.File("out-bad");

        var (exitCode, stdout, errors) = await Cli.RunAsync(
            "batch", "--data", _scratch.File("data-bad"), "--audio", _audio, "--videos", _video, bad, "--out-dir", outDir, "--concurrency", "2");

        Assert.True(exitCode == 1, errors);
        Assert.Contains("1 of 2 done", stdout, StringComparison.Ordinal);
        Assert.Contains("broken+one.mp4: failed: video broken.mp4: is a text file, not audio or video", stdout, StringComparison.Ordinal);
        Assert.Contains("face+one.mp4: done", errors, StringComparison.Ordinal);
        Assert.Equal(["face+one.mp4"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        var output = await MediaProbe.ProbeVideoAsync(Path.Combine(outDir, "face+one.mp4"));
        Assert.Equal(1.0, output.Duration.TotalSeconds, 0.1);
    }

    [Fact]
    public async Task A_second_batch_into_the_same_folder_keeps_the_first_batchs_files_unless_told_to_overwrite()
    {
        var second = _scratch.Ffmpeg("two.wav", "-i", TestData.File("media", "speech-en-3s.wav"), "-ss", "1.5", "-t", "1");
        var outDir = _scratch.File("out-audios");
        string[] batch = ["batch", "--data", _scratch.File("data-audios"), "--audios", _audio, second, "--video", _video, "--out-dir", outDir];

        var (exitCode, stdout, errors) = await Cli.RunAsync(batch);
        Assert.True(exitCode == 0, errors);
        Assert.Contains("2 of 2 done", stdout, StringComparison.Ordinal);
        Assert.Equal(["face+one.mp4", "face+two.mp4"], FilesIn(outDir));
        var firstWrites = Directory.GetFiles(outDir).ToDictionary(path => path, File.GetLastWriteTimeUtc);

        (exitCode, stdout, errors) = await Cli.RunAsync(batch);
        Assert.True(exitCode == 0, errors);
        Assert.Equal(["face+one (2).mp4", "face+one.mp4", "face+two (2).mp4", "face+two.mp4"], FilesIn(outDir));
        Assert.All(firstWrites, first => Assert.Equal(first.Value, File.GetLastWriteTimeUtc(first.Key)));
        Assert.Contains(Path.Combine(outDir, "face+two (2).mp4"), stdout, StringComparison.Ordinal);

        (exitCode, _, errors) = await Cli.RunAsync([.. batch, "--overwrite"]);
        Assert.True(exitCode == 0, errors);
        Assert.Equal(["face+one (2).mp4", "face+one.mp4", "face+two (2).mp4", "face+two.mp4"], FilesIn(outDir));
        Assert.All(firstWrites, first => Assert.NotEqual(first.Value, File.GetLastWriteTimeUtc(first.Key)));
        Assert.Empty(Directory.GetFiles(outDir, "*.partial", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    private static string[] FilesIn(string folder) => [.. Directory.GetFiles(folder).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_worker_killed_mid_job_is_replaced_and_the_job_completes_exactly_once()
    {
        var data = new DataDirectory(_scratch.File("data-kill"));
        var system = await JobSystem.OpenAsync(data);
        var job = await system.SubmitAsync(new JobRequest(TestData.File("media", "speech-en-3s.wav"), _video, new JobOptions()));

        using (var first = StartWorker(data))
        {
            await WaitForAsync(system, job.Id, j => j is { State: JobState.Rendering, Progress: > 5 });
            first.Kill(entireProcessTree: false); // SIGKILL: no clean-up, the lease is left to run out
            await first.WaitForExitAsync();
        }
        var killedAt = Stopwatch.StartNew();
        using var second = StartWorker(data);
        var done = await WaitForAsync(system, job.Id, j => j.IsFinal);
        var recovery = killedAt.Elapsed;
        second.Kill();

        Assert.Equal(JobState.Done, done.State);
        Assert.Equal(2, done.Attempts);
        var output = await MediaProbe.ProbeVideoAsync(done.OutputPath);
        Assert.Equal(3.0, output.Duration.TotalSeconds, 0.1);
        Assert.Equal([job.Id + ".json", job.Id + ".mp4"], Directory.GetFiles(system.OutputDirectory).Select(Path.GetFileName).Order());
        var log = await File.ReadAllTextAsync(system.Data.JobLog(job.Id));
        Assert.Contains("started, attempt 2", log, StringComparison.Ordinal);
        Assert.Single(log.Split('\n'), line => line.Contains(" done in ", StringComparison.Ordinal));
        Console.WriteLine($"recovery after SIGKILL (lease 3 s): {recovery.TotalSeconds:0.0} s to done");
    }

    private static Process StartWorker(DataDirectory data)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "mouthpiece.dll"), "worker", "--data", data.Root, "--concurrency", "1", "--lease", "3"])
            startInfo.ArgumentList.Add(argument);
        var process = Process.Start(startInfo)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<Job> WaitForAsync(JobSystem system, string id, Func<Job, bool> until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = (await system.Store.GetAsync(id))!;
            if (until(job))
                return job;
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"job {id} stuck: {job.State} {job.Stage} {job.Error}");
            await Task.Delay(100);
        }
    }
}
