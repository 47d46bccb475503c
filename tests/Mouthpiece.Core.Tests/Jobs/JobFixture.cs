using System.Diagnostics;
using Mouthpiece.Jobs;

namespace Mouthpiece.Core.Tests.Jobs;

/// <summary>Short real clips for job tests (renders of about a second, so the suite stays quick on two cores).</summary>
public sealed class JobFixture : IDisposable
{
    private readonly Scratch _scratch = new();

    public JobFixture()
    {
        var speech = TestData.File("media", "speech-en-3s.wav");
        var talking = TestData.File("media", "talking-3s.mp4");
        AudioA = _scratch.Ffmpeg("hello.wav", "-i", speech, "-t", "1");
        AudioB = _scratch.Ffmpeg("world.wav", "-i", speech, "-ss", "1.5", "-t", "1");
        LongAudio = speech;
        VideoA = _scratch.Ffmpeg("anna.mp4", "-i", talking, "-t", "1.5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");
        VideoB = _scratch.Ffmpeg("ben.mp4", "-i", talking, "-ss", "1.5", "-t", "1.5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");
        // 60 fps breaks the input policy, so this one is normalized before it is rendered.
        FastVideo = _scratch.Ffmpeg("fast.mp4", "-i", talking, "-t", "1", "-vf", "fps=60", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");
        // About 80 Mbps (lossless with grain): above the bit rate from which a normalized copy pays off after 4 renders.
        HeavyVideo = _scratch.Ffmpeg("camera.mp4", "-i", talking, "-t", "1", "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-c:a", "aac");
        OtherHeavyVideo = _scratch.Ffmpeg("camera-2.mp4", "-i", talking, "-ss", "1.5", "-t", "1", "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-c:a", "aac");
        NotAVideo = _scratch.WriteText("notes.mp4", "just some text\n");
    }

    public string AudioA { get; }

    public string AudioB { get; }

    public string LongAudio { get; }

    public string VideoA { get; }

    public string VideoB { get; }

    public string FastVideo { get; }

    public string HeavyVideo { get; }

    public string OtherHeavyVideo { get; }

    public string NotAVideo { get; }

    public string Root => _scratch.Root;

    /// <summary>Half a minute of a grey wall with a little texture: a video without any face.</summary>
    public string Faceless30s => File.Exists(_scratch.File("wall-30s.mp4"))
        ? _scratch.File("wall-30s.mp4")
        : _scratch.Ffmpeg("wall-30s.mp4", "-f", "lavfi", "-i", "color=c=0x707060:s=512x480:r=30:d=30,noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "ultrafast");

    /// <summary><paramref name="source"/> played <paramref name="times"/> times over, by stream copy.</summary>
    public string Looped(string name, string source, int times) => File.Exists(_scratch.File(name))
        ? _scratch.File(name)
        : _scratch.Ffmpeg(name, "-stream_loop", (times - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", source, "-c", "copy");

    /// <summary><see cref="VideoA"/> at <paramref name="height"/> lines and <paramref name="bitRate"/>, cached: a file's size and its render's work need not go together.</summary>
    public string Reencoded(string name, int height, string bitRate) => File.Exists(_scratch.File(name))
        ? _scratch.File(name)
        : _scratch.Ffmpeg(name, "-i", VideoA, "-vf", $"scale=-2:{height}", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitRate, "-c:a", "aac");

    /// <summary>A fresh data directory per test, so tests never see each other's jobs.</summary>
    public DataDirectory NewDataDirectory() => new(Directory.CreateDirectory(Path.Combine(Root, "data-" + Guid.NewGuid().ToString("N")[..8])).FullName);

    public static JobSystemOptions FastOptions(int concurrency = 2) => new()
    {
        Concurrency = concurrency,
        Lease = TimeSpan.FromSeconds(3),
        Heartbeat = TimeSpan.FromMilliseconds(200),
        Poll = TimeSpan.FromMilliseconds(200),
        RetryDelay = TimeSpan.FromMilliseconds(200),
        MinFreeDiskBytes = 10_000_000,
    };

    /// <summary>Runs the workers until <paramref name="until"/> holds for the jobs, then stops them.</summary>
    public static async Task<IReadOnlyList<Job>> RunUntilAsync(JobSystem system, Func<IReadOnlyList<Job>, bool> until, string? batchId = null)
    {
        using var stop = new CancellationTokenSource();
        var workers = system.RunWorkersAsync(stop.Token);
        try
        {
            return await WaitForAsync(system, until, batchId);
        }
        finally
        {
            await stop.CancelAsync();
            await workers;
        }
    }

    public static async Task<IReadOnlyList<Job>> WaitForAsync(JobSystem system, Func<IReadOnlyList<Job>, bool> until, string? batchId = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var jobs = await system.Store.ListAsync(batchId);
            if (until(jobs))
                return jobs;
            // A guard against a hang, not a speed check: on a machine shared with other suites a few renders take minutes.
            if (clock.Elapsed > TimeSpan.FromMinutes(6))
                throw new TimeoutException("jobs did not get there: " + string.Join("; ", jobs.Select(j => $"{j.OutputName} {j.State} {j.Stage} {j.Error}")));
            await Task.Delay(100);
        }
    }

    public static bool AllFinal(IReadOnlyList<Job> jobs) => jobs.All(job => job.IsFinal);

    public void Dispose() => _scratch.Dispose();
}
