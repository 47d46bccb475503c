using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>
/// The lifetime every page test shares: the servers it starts and the browser contexts it opens close with it,
/// and any error the page logs fails it unless it is one of the refusals the test provokes on purpose.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser, ITestOutputHelper output, params int[] refusals) : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _consoleErrors = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Pages close with their test, so nothing they log later lands in a finished test's output.</summary>
    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();
        foreach (var server in _servers)
            await server.DisposeAsync();
        lock (_consoleErrors)
        {
            foreach (var error in _consoleErrors)
                output.WriteLine("browser console: " + error);
            Assert.All(_consoleErrors, error => Assert.Contains(refusals, status => error.Contains($"status of {status}", StringComparison.Ordinal)));
        }
    }

    protected async Task<RunningServer> StartServerAsync(int workers, string? apiKey = null)
    {
        var server = await RunningServer.StartAsync(workers, apiKey);
        _servers.Add(server);
        return server;
    }

    protected async Task<IPage> OpenAsync(RunningServer server, string locale = "en-US", string hash = "", bool waitReady = true, string path = "/")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (_consoleErrors)
                    _consoleErrors.Add(message.Text);
        };
        await page.GotoAsync(new Uri(server.Address, path + hash).ToString());
        if (waitReady)
            await page.Locator("body[data-ready=true]").WaitForAsync();
        return page;
    }

    protected async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    protected static FilePayload Payload(string path, string name, string mime) =>
        new() { Name = name, MimeType = mime, Buffer = File.ReadAllBytes(path) };

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
