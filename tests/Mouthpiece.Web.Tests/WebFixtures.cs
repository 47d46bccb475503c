using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Mouthpiece.Jobs;
using Mouthpiece.Web.Jobs;

namespace Mouthpiece.Web.Tests;

/// <summary>The app in-process (TestServer) on its own temporary data directory, with settings a test chooses.</summary>
public sealed class MouthpieceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public MouthpieceFactory(params (string Key, string? Value)[] settings)
    {
        DataRoot = Directory.CreateTempSubdirectory("mouthpiece-web-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Mouthpiece:DataDirectory"] = DataRoot,
            ["Mouthpiece:Workers"] = "1",
        };
        foreach (var (key, value) in settings)
            _settings["Mouthpiece:" + key] = value;
    }

    public string DataRoot { get; }

    public string Inbox => Path.Combine(DataRoot, "inbox");

    public JobSystem Jobs => Services.GetRequiredService<JobSystemHost>().System;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As `mouthpiece serve` runs it: Development would answer exceptions with its HTML page instead of problems.
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // WebApplicationFactory disposes through both Dispose and DisposeAsync.
        if (disposing && Directory.Exists(DataRoot))
            Directory.Delete(DataRoot, recursive: true);
    }
}

/// <summary>Media small enough to render in seconds: the 3 s talking clip and a 1.5 s speech cut.</summary>
public static class Media
{
    public static string Video => TestData.File("media", "talking-3s.mp4");

    public static string Portrait => TestData.File("media", "portrait-silent-2s.mp4");

    /// <summary>The first second of the talking clip: short text renders take a second or two.</summary>
    public static string ShortVideo(Scratch scratch) =>
        File.Exists(scratch.File("talking-1s.mp4"))
            ? scratch.File("talking-1s.mp4")
            : scratch.Ffmpeg("talking-1s.mp4", "-i", TestData.File("media", "talking-3s.mp4"), "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");

    public static string ShortSpeech(Scratch scratch) =>
        File.Exists(scratch.File("speech-1500ms.wav"))
            ? scratch.File("speech-1500ms.wav")
            : scratch.Ffmpeg("speech-1500ms.wav", "-i", TestData.File("media", "speech-en-3s.wav"), "-t", "1.5");
}

/// <summary>The calls tests make again and again.</summary>
public static class ApiCalls
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string kind, string name, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync($"/api/uploads?kind={kind}&name={Uri.EscapeDataString(name)}", body);
    }

    public static async Task<string> UploadIdAsync(this HttpClient client, string kind, string name, string path)
    {
        using var response = await client.UploadAsync(kind, name, await File.ReadAllBytesAsync(path));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    public static async Task<System.Text.Json.JsonElement> JsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    /// <summary>Polls a job until it is final; renders of the test clips take seconds, the bound is generous for a busy machine.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitFinalAsync(this HttpClient client, string jobId, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(4));
        while (true)
        {
            var job = await client.JsonAsync($"/api/jobs/{jobId}");
            if (job.GetProperty("state").GetString() is "done" or "failed" or "canceled")
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {jobId} still {job.GetProperty("state")} ({job.GetProperty("stage")})");
            await Task.Delay(250);
        }
    }
}

/// <summary>
/// The app on a real Kestrel server on a free loopback port: request limits, timeouts and connection handling
/// are Kestrel's, which the in-process test server does not have.
/// </summary>
public sealed class KestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelServer(WebApplication app, DataDirectory data)
    {
        _app = app;
        Data = data;
        BaseAddress = new Uri(app.Urls.Single());
    }

    public Uri BaseAddress { get; }

    public DataDirectory Data { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var data = new DataDirectory(Directory.CreateTempSubdirectory("mouthpiece-kestrel-").FullName);
        string[] args = [.. settings.Select(setting => $"--Mouthpiece:{setting.Key}={setting.Value}")];
        var app = MouthpieceWebApp.Build(new WebAppOptions("127.0.0.1", 0, data) { Workers = 0 }, args);
        await app.StartAsync();
        return new KestrelServer(app, data);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Data.Root, recursive: true);
    }
}
