using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (never `playwright install`: nothing can be downloaded here),
/// flags that keep it from reaching the network or starting background services.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The real server (Kestrel on a free loopback port) on a temporary data directory.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string dataRoot, Uri address)
    {
        _app = app;
        DataRoot = dataRoot;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public string DataRoot { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<RunningServer> StartAsync(int workers, string? apiKey = null)
    {
        var dataRoot = Directory.CreateTempSubdirectory("mouthpiece-browser-").FullName;
        var app = MouthpieceWebApp.Build(new WebAppOptions("127.0.0.1", 0, new DataDirectory(dataRoot)) { Workers = workers, ApiKey = apiKey });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningServer(app, dataRoot, new Uri(address));
    }

    /// <summary>Queues a render through the API, as a script would.</summary>
    public async Task<string> SubmitAsync(string audioPath, string videoPath, string videoName)
    {
        var audio = await Client.UploadIdAsync("audio", "speech.wav", audioPath);
        var video = await Client.UploadIdAsync("video", videoName, videoPath);
        using var response = await Client.PostAsJsonAsync("/api/jobs", new { audio, video });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
