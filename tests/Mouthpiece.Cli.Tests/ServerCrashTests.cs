using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

/// <summary>
/// `mouthpiece serve` killed with SIGKILL three times while it normalizes a video and three times while it renders,
/// each at another moment of the work, and started again each time: no ffmpeg outlives a kill, each job is done once
/// with an output that decodes to its end, and no partial file is left.
/// </summary>
public sealed partial class ServerCrashTests : IClassFixture<Scratch>
{
    private static readonly TimeSpan[] KillMoments = [TimeSpan.Zero, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(900)];
    private readonly Scratch _scratch;

    public ServerCrashTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public async Task Killed_during_normalizations_and_restarted_the_jobs_are_done_once_and_whole()
    {
        // 1080p at 60 fps and 85 Mbps breaks the input policy, and read by four speeches its normalized copy pays
        // (NormalizeRule), so the server normalizes it first; three seconds of it take a few seconds.
        // The talking clip, so that the renders after the normalization find a face.
        var video = _scratch.Ffmpeg("camera-1080p60.mp4", "-i", TestData.File("media", "talking-3s.mp4"),
            "-vf", "scale=1920:1080,fps=60,noise=alls=12:allf=t", "-c:v", "libx264", "-preset", "ultrafast",
            "-b:v", "80M", "-maxrate", "80M", "-bufsize", "40M", "-c:a", "aac");
        await KillRestartAndFinishAsync(video, Path.Combine("inputs", "normalized"), renders: 4);
    }

    [Fact]
    public async Task Killed_during_renders_and_restarted_the_job_is_done_once_and_whole()
    {
        await KillRestartAndFinishAsync(TestData.File("media", "talking-3s.mp4"), "outputs", renders: 1);
    }

    /// <param name="renders">Speeches for the video: one is a job, more a batch.</param>
    private async Task KillRestartAndFinishAsync(string video, string writtenUnder, int renders)
    {
        var data = Directory.CreateDirectory(_scratch.File("data-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        var written = Path.Combine(data, writtenUnder) + Path.DirectorySeparatorChar;
        var server = await Server.StartAsync(data);
        IReadOnlyList<string> jobIds;
        try
        {
            jobIds = await SubmitAsync(server, TestData.File("media", "speech-en-3s.wav"), video, renders);
            foreach (var moment in KillMoments)
            {
                var writer = await Tool.EventuallyAsync(() => Tool.ProcessesMentioning(written).FirstOrDefault(), pid => pid > 0, TimeSpan.FromMinutes(2));
                await Task.Delay(moment);
                Assert.True(Tool.ProcessesMentioning(written).Contains(writer), $"the work under {writtenUnder} ended before the kill {moment.TotalMilliseconds} ms in");
                var children = Tool.ProcessesMentioning(data).Where(pid => pid != server.Id).ToList();

                server.Kill();

                await Tool.EventuallyAsync(() => children.Where(Tool.IsRunning).ToList(), left => left.Count == 0, TimeSpan.FromSeconds(5));
                server = await Server.StartAsync(data);
            }
            foreach (var jobId in jobIds)
            {
                var job = await WaitDoneAsync(server, jobId);
                Assert.True(job.GetProperty("state").GetString() == "done", job.ToString());
            }
        }
        finally
        {
            server.Kill();
        }

        var outputs = Directory.GetFiles(Path.Combine(data, "outputs"), "*.mp4");
        Assert.Equal(jobIds.Select(id => Path.Combine(data, "outputs", id + ".mp4")).Order(), outputs.Order());
        foreach (var output in outputs)
            Tool.Run("ffmpeg", "-v", "error", "-xerror", "-i", output, "-f", "null", "-");
        Assert.Empty(Directory.GetFiles(data, "*" + OutputFile.PartialExtension, SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(data, "*.part", SearchOption.AllDirectories));
    }

    private static async Task<IReadOnlyList<string>> SubmitAsync(Server server, string audio, string video, int renders)
    {
        var audioId = await UploadAsync(server.Client, "audio", audio);
        var videoId = await UploadAsync(server.Client, "video", video);
        using var response = renders == 1
            ? await server.Client.PostAsJsonAsync("/api/jobs", new { audio = audioId, video = videoId })
            : await server.Client.PostAsJsonAsync("/api/batches", new { audios = Enumerable.Repeat(audioId, renders), videos = new[] { videoId } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return renders == 1
            ? [answer.GetProperty("id").GetString()!]
            : [.. answer.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("id").GetString()!)];
    }

    private static async Task<string> UploadAsync(HttpClient client, string kind, string path)
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        using var response = await client.PostAsync($"/api/uploads?kind={kind}&name={Path.GetFileName(path)}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitDoneAsync(Server server, string jobId)
    {
        return await EventuallyAsync(async () =>
        {
            var job = await server.Client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            return job.GetProperty("state").GetString() is "done" or "failed" or "canceled" ? job : (JsonElement?)null;
        }, TimeSpan.FromMinutes(8));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan limit)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"still not there after {limit.TotalSeconds:0} s");
            await Task.Delay(200);
        }
    }

    /// <summary>One `mouthpiece serve` process on a free port, and a client for it.</summary>
    private sealed partial class Server : IDisposable
    {
        private readonly Process _process;

        private Server(Process process, Uri address)
        {
            _process = process;
            Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        }

        public HttpClient Client { get; }

        public int Id => _process.Id;

        public static async Task<Server> StartAsync(string data)
        {
            var process = Cli.Start("serve", "--port", "0", "--data", data);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (Listening().Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new Server(process, new Uri(match.Groups["url"].Value));
                }
            }
            throw new InvalidOperationException("the server ended before it listened: " + await process.StandardError.ReadToEndAsync(CancellationToken.None));
        }

        /// <summary>SIGKILL, which the server cannot catch or clean up after.</summary>
        public void Kill()
        {
            Client.Dispose();
            if (!_process.HasExited)
                _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }

        public void Dispose() => Kill();

        [GeneratedRegex(@"listening on (?<url>http://\S+)")]
        private static partial Regex Listening();
    }
}
