using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Mouthpiece.Cli.Tests;

/// <summary>
/// The embedded mode with a server and a separate <c>mouthpiece worker</c> process on one data directory: the page's
/// event stream follows the job the other process renders (the SQLite change feed), and the System status lists
/// that worker process.
/// </summary>
public sealed class WorkerProcessTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task A_job_rendered_by_a_worker_process_shows_live_on_the_servers_event_stream()
    {
        var data = _scratch.File("data");
        var port = FreePort();
        using var server = Cli.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workers", "0", "--data", data);
        using var worker = Cli.Start("worker", "--concurrency", "1", "--data", data);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            await WaitUntilUpAsync(http, server);
            await WaitForWorkerProcessAsync(http, worker);
            using var events = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
            Assert.Equal("event: ready", await stream.ReadLineAsync());

            var jobId = await SubmitAsync(http);
            var seen = await ReadUntilDoneAsync(stream, jobId);

            Assert.Contains(seen, update => update.State == "rendering" && update.Progress is > 0 and < 100);
            Assert.Equal("done", seen[^1].State);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            worker.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await worker.WaitForExitAsync();
        }
    }

    private async Task<string> SubmitAsync(HttpClient http)
    {
        // Six seconds of speech: long enough that the worker's one-second heartbeat saves progress while it renders,
        // even on a quiet machine that renders a short clip between two beats.
        var speech = _scratch.Ffmpeg("speech.wav", "-stream_loop", "1", "-i", TestData.File("media", "speech-en-3s.wav"));
        var audio = await UploadAsync(http, "audio", speech);
        var video = await UploadAsync(http, "video", TestData.File("media", "talking-3s.mp4"));
        using var response = await http.PostAsJsonAsync("/api/jobs", new { audio, video });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> UploadAsync(HttpClient http, string kind, string path)
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/api/uploads?kind={kind}&name={Path.GetFileName(path)}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The job's updates from the stream, up to its final one.</summary>
    private static async Task<List<(string State, double Progress)>> ReadUntilDoneAsync(StreamReader stream, string jobId)
    {
        var seen = new List<(string State, double Progress)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (await stream.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
                continue;
            var update = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            if (update.GetProperty("id").GetString() != jobId)
                continue;
            seen.Add((update.GetProperty("state").GetString()!, update.GetProperty("progress").GetDouble()));
            if (seen[^1].State is "done" or "failed" or "canceled")
                return seen;
        }
        throw new InvalidOperationException("the event stream ended before the job did");
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(server.HasExited, "the server exited");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the server did not come up");
            await Task.Delay(200);
        }
    }

    /// <summary>The worker process announces itself in the data directory's queue; the server's System status lists it.</summary>
    private static async Task WaitForWorkerProcessAsync(HttpClient http, Process worker)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/api/system");
            Assert.Equal("embedded", status.GetProperty("mode").GetString());
            if (status.GetProperty("workerProcesses").EnumerateArray().Any(w => w.GetProperty("processId").GetInt32() == worker.Id))
                return;
            Assert.False(worker.HasExited, "the worker exited");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the worker process never showed in /api/system");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _scratch.Dispose();
}
