using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>
/// In real headless Chromium against the real server: a saved avatar chosen in place of a video in Single and Batch,
/// the output settings sent with them, and the sync report (score, lag, chart) beside each finished result.
/// </summary>
public sealed class ResultPageTests(BrowserFixture browser, Scratch scratch, ITestOutputHelper output)
    : BrowserTest(browser, output), IClassFixture<BrowserFixture>, IClassFixture<Scratch>
{
    private static readonly TimeSpan RenderLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_saved_avatar_renders_from_single_and_batch_with_the_chosen_output_and_each_result_shows_its_sync_report()
    {
        var server = await StartServerAsync(workers: 1);
        var video = await server.Client.UploadIdAsync("video", "talk.mp4", Media.Video);
        using (var saved = await server.Client.PostAsJsonAsync("/api/avatars", new { name = "anna", video }))
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var page = await OpenAsync(server, hash: "#single");

        // Single: the avatar stands in for the video (the upload zone hides), at 720p, draft quality.
        await page.Locator("#single-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "line.wav", "audio/wav"));
        await Expect(page.Locator("#single-start")).ToBeDisabledAsync();
        await page.Locator("#single-avatar").SelectOptionAsync("anna");
        await Expect(page.Locator("#single-video-picker .drop")).ToBeHiddenAsync();
        await page.Locator("#single-size").SelectOptionAsync("720");
        await page.Locator("#single-quality").SelectOptionAsync("draft");
        await page.Locator("#single-long-audio").SelectOptionAsync("loop");
        await Expect(page.Locator("#single-start")).ToBeEnabledAsync();
        await page.Locator("#single-start").ClickAsync();

        await Expect(page.Locator("#single-player")).ToBeVisibleAsync(new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#single-sync .sync-summary")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^Lip-sync 0\.\d\d · lag [+-]?\d+ frames$"));
        await page.WaitForFunctionAsync("() => { const img = document.querySelector('#single-sync img.sync-chart'); return img && img.complete && img.naturalWidth === 960; }");
        await ScreenshotAsync(page, "result-1-single-sync");
        var jobId = page.Url.Split('/')[^1];
        var job = await server.Client.JsonAsync($"/api/jobs/{jobId}");
        Assert.Equal("anna.mp4", job.GetProperty("videoName").GetString());
        var settings = job.GetProperty("output");
        Assert.Equal(("720", "draft", "loop"), (settings.GetProperty("size").GetString(), settings.GetProperty("quality").GetString(), settings.GetProperty("longAudio").GetString()));
        var score = job.GetProperty("sync").GetProperty("score").GetDouble();
        await Expect(page.Locator("#single-sync .sync-summary")).ToContainTextAsync($"Lip-sync {score:0.00}");

        // In Chinese the summary and the chart's words follow the page.
        await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("#single-sync .sync-summary")).ToContainTextAsync("口型同步");
        await Expect(page.Locator("#single-sync img.sync-chart")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("lang=zh-CN$"));
        await page.Locator("#language").ClickAsync();

        // Batch: one audio for an uploaded video and the avatar; each finished row shows its sync report.
        await page.Locator("#tab-batch").ClickAsync();
        await page.Locator("#batch-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "line.wav", "audio/wav"));
        await page.Locator("#batch-video-input").SetInputFilesAsync(Payload(Media.Video, "ben.mp4", "video/mp4"));
        await Expect(page.Locator("#batch-video-files li[data-state=ready]")).ToHaveCountAsync(1);
        await page.Locator("#batch-avatar").SelectOptionAsync("anna");
        await Expect(page.Locator("#batch-summary")).ToHaveTextAsync("1 audio × 2 videos → 2 results");
        await page.Locator("#batch-size").SelectOptionAsync("480");
        await page.Locator("#batch-start").ClickAsync();
        await Expect(page.Locator("#batch-rows tr[data-state=done]")).ToHaveCountAsync(2, new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#batch-rows td.sync .sync-summary")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#batch-rows img.sync-chart')].filter(img => img.complete && img.naturalWidth === 960).length === 2");
        await ScreenshotAsync(page, "result-2-batch-sync");
        var batchId = page.Url.Split('/')[^1];
        var batch = await server.Client.JsonAsync($"/api/batches/{batchId}");
        var names = batch.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("videoName").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["anna.mp4", "ben.mp4"], names);
        Assert.All(batch.GetProperty("jobs").EnumerateArray(), j => Assert.Equal("480", j.GetProperty("output").GetProperty("size").GetString()));
    }
}
