using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>What a person does in the page, in real headless Chromium against the real server; each test leaves screenshots.</summary>
public sealed class PageTests(BrowserFixture browser, Scratch scratch, ITestOutputHelper output)
    // The refusals the tests provoke (a wrong key, an HTML file named .mp4) are the only errors the page may log.
    : BrowserTest(browser, output, 401, 415), IClassFixture<BrowserFixture>, IClassFixture<Scratch>
{
    private static readonly TimeSpan RenderLimit = TimeSpan.FromMinutes(4);

    // Submitting probes every input; on a machine busy with the rest of the suite that takes more than 5 s.
    private static readonly TimeSpan SubmitLimit = TimeSpan.FromSeconds(30);

    // An upload is probed and its speech level measured before the page lets it go on: as slow as a submission when the machine is busy.
    private static readonly LocatorAssertionsToBeEnabledOptions UploadsReady = new() { Timeout = (float)SubmitLimit.TotalMilliseconds };

    [Fact]
    public async Task Batch_flow_from_choosing_files_to_playing_a_result_and_downloading_the_zip()
    {
        var server = await StartServerAsync(workers: 1);
        var page = await OpenAsync(server);
        Assert.Equal("true", await page.Locator("#tab-batch").GetAttributeAsync("aria-selected"));

        await page.Locator("#batch-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "script.wav", "audio/wav"));
        await page.Locator("#batch-video-input").SetInputFilesAsync(
            [Payload(Media.Video, "anna.mp4", "video/mp4"), Payload(Media.Video, "ben.mp4", "video/mp4")]);
        await Expect(page.Locator("#batch-video-files li[data-state=ready]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#batch-audio-files li[data-state=ready]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#batch-video-files li").First).ToContainTextAsync("512×480 · 30 fps");
        await Expect(page.Locator("#batch-summary")).ToHaveTextAsync("1 audio × 2 videos → 2 results");

        // A 60 fps clip is flagged before anything starts, and can be taken out again.
        var fast = scratch.Ffmpeg("fast60.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=60", "-t", "0.5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        await page.Locator("#batch-video-input").SetInputFilesAsync(Payload(fast, "camera.mp4", "video/mp4"));
        var flagged = page.Locator("#batch-video-files li", new PageLocatorOptions { HasText = "camera.mp4" });
        await Expect(flagged.Locator(".warning")).ToContainTextAsync("60 fps > 30 fps — brought within the policy while rendering");
        // So is a speech recording without a sound.
        var silence = scratch.Ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1");
        await page.Locator("#batch-audio-input").SetInputFilesAsync(Payload(silence, "muted.wav", "audio/wav"));
        var muted = page.Locator("#batch-audio-files li", new PageLocatorOptions { HasText = "muted.wav" });
        await Expect(muted.Locator(".warning")).ToContainTextAsync("muted.wav: the recording is silent");
        var html = scratch.WriteText("page.html", "<html><body>not a video</body></html>");
        await page.Locator("#batch-video-input").SetInputFilesAsync(Payload(html, "trick.mp4", "video/mp4"));
        await Expect(page.Locator("#batch-video-files li[data-state=error]")).ToContainTextAsync("text");
        await ScreenshotAsync(page, "batch-1-files-checked");
        await flagged.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await muted.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await page.Locator("#batch-video-files li[data-state=error]").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();

        await page.Locator("#batch-start").ClickAsync();
        await Expect(page.Locator("#batch-rows tr")).ToHaveCountAsync(2, new() { Timeout = (float)SubmitLimit.TotalMilliseconds });
        await ScreenshotAsync(page, "batch-2-started");
        await Expect(page.Locator("#batch-rows tr[data-state=done]")).ToHaveCountAsync(2, new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#batch-counts")).ToHaveTextAsync("2 of 2 done, 0 failed");
        await ScreenshotAsync(page, "batch-3-done");

        // Reload: the batch comes back from the server.
        await page.ReloadAsync();
        await Expect(page.Locator("#batch-rows tr[data-state=done]")).ToHaveCountAsync(2);

        await page.Locator("#batch-rows tr").First.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();
        await page.WaitForFunctionAsync("() => { const v = document.getElementById('dialog-player'); return v.readyState >= 2 && v.duration > 1; }");
        await ScreenshotAsync(page, "batch-4-playing");
        await page.Locator("#player-dialog button").ClickAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#batch-zip").ClickAsync());
        var zipPath = scratch.File("batch.zip");
        await download.SaveAsAsync(zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["anna+script.mp4", "ben+script.mp4"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.All(zip.Entries, e => Assert.True(e.Length > 50_000));
    }

    [Fact]
    public async Task Single_mode_cancels_retries_and_makes_another_keeping_one_file()
    {
        var server = await StartServerAsync(workers: 1);
        var page = await OpenAsync(server);
        await page.Locator("#tab-single").ClickAsync();
        await page.Locator("#single-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "line.wav", "audio/wav"));
        await page.Locator("#single-video-input").SetInputFilesAsync(Payload(Media.Video, "host.mp4", "video/mp4"));
        await Expect(page.Locator("#single-start")).ToBeEnabledAsync(UploadsReady);
        await ScreenshotAsync(page, "single-1-chosen");

        await page.Locator("#single-start").ClickAsync();
        await page.Locator("#single-cancel").ClickAsync();
        await Expect(page.Locator("#single-stage")).ToHaveTextAsync("canceled");
        await Expect(page.Locator("#single-progress")).ToBeHiddenAsync();
        await Expect(page.Locator("#single-cancel")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "single-2-canceled");

        await page.Locator("#single-retry").ClickAsync();
        await Expect(page.Locator("#single-player")).ToBeVisibleAsync(new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await page.WaitForFunctionAsync("() => document.getElementById('single-player').readyState >= 2");
        await Expect(page.Locator("#single-retry")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "single-3-result");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#single-download").ClickAsync());
        Assert.Equal("host+line.mp4", download.SuggestedFilename);
        var saved = scratch.File("single.mp4");
        await download.SaveAsAsync(saved);
        Assert.Equal("ftyp"u8.ToArray(), File.ReadAllBytes(saved)[4..8]);

        // Another version of the same video: the video stays chosen, only the speech is chosen again.
        await page.Locator("#single-keep-video").ClickAsync();
        await Expect(page.Locator("#single-video-files li[data-state=ready]")).ToContainTextAsync("host.mp4");
        await Expect(page.Locator("#single-audio-files li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#single-start")).ToBeDisabledAsync();
        await page.Locator("#single-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "take2.wav", "audio/wav"));
        await Expect(page.Locator("#single-start")).ToBeEnabledAsync(UploadsReady);
    }

    [Fact]
    public async Task History_follows_a_cli_batch_on_the_same_data_directory_live_and_every_tab_reads_in_both_languages()
    {
        var server = await StartServerAsync(workers: 0);
        var page = await OpenAsync(server, hash: "#history");
        await Expect(page.Locator("#history-empty")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.stillThisPage = true");
        var anna = scratch.File("anna.mp4");
        var ben = scratch.File("ben.mp4");
        File.Copy(Media.Video, anna, overwrite: true);
        File.Copy(Media.Video, ben, overwrite: true);

        using var cli = CliProcess.Start(
            "batch", "--data", server.DataRoot, "--audio", Media.ShortSpeech(scratch), "--videos", anna, ben, "--out-dir", scratch.File("cli-out"));
        var cliOutput = cli.Process.StandardOutput.ReadToEndAsync();
        var cliErrors = cli.Process.StandardError.ReadToEndAsync();
        await Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(2, new() { Timeout = (float)SubmitLimit.TotalMilliseconds });
        await Expect(page.Locator("#history-rows tr").Last).ToContainTextAsync("anna+speech-1500ms.mp4");
        await Expect(page.Locator("#history-rows tr[data-state=done]")).ToHaveCountAsync(2, new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillThisPage === true"), "the page was reloaded");
        await cli.Process.WaitForExitAsync();
        Assert.True(cli.Process.ExitCode == 0, await cliOutput + await cliErrors);

        var flv = scratch.Ffmpeg("host.flv", "-i", Media.Video, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");
        var firstJob = await page.Locator("#history-rows tr").First.GetAttributeAsync("data-job");
        foreach (var (locale, language) in new[] { ("en-US", "en"), ("zh-CN", "zh") })
        {
            var tabs = await OpenAsync(server, locale: locale);
            // A video the browser cannot play (.flv) shows the server's still instead of a dead player.
            await tabs.Locator("#batch-video-input").SetInputFilesAsync(Payload(flv, "host.flv", "video/x-flv"));
            await tabs.WaitForFunctionAsync("() => { const i = document.querySelector('#batch-video-files img.poster'); return i && i.complete && i.naturalWidth > 0; }");
            await ScreenshotAsync(tabs, $"tab-{language}-1-batch");
            await tabs.Locator("#tab-single").ClickAsync();
            await ScreenshotAsync(tabs, $"tab-{language}-2-single");
            await tabs.Locator("#tab-avatars").ClickAsync();
            await Expect(tabs.Locator("#view-avatars")).ToBeVisibleAsync();
            await ScreenshotAsync(tabs, $"tab-{language}-3-avatars");
            await tabs.Locator("#tab-history").ClickAsync();
            await Expect(tabs.Locator("#history-rows tr[data-state=done]")).ToHaveCountAsync(2);
            await ScreenshotAsync(tabs, $"tab-{language}-4-history");
            await tabs.Locator("#tab-system").ClickAsync();
            await Expect(tabs.Locator("#chart-cpu svg.chart")).ToHaveAttributeAsync("data-points", new Regex("^[1-9]"));
            await tabs.Locator("#system-log-job").FillAsync(firstJob!);
            await tabs.WaitForFunctionAsync(
                "id => { const lines = document.getElementById('system-log').textContent.split('\\n').filter(Boolean); return lines.length > 1 && lines.every(l => l.includes('job=' + id)); }",
                firstJob);
            await ScreenshotAsync(tabs, $"tab-{language}-5-system");
            Assert.Equal("/docs", await tabs.Locator("#api-docs").GetAttributeAsync("href"));
        }

        var docs = await OpenAsync(server, hash: "", waitReady: false, path: "/docs");
        var paths = (await server.Client.JsonAsync("/openapi/v1.json")).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        await Expect(docs.GetByText("/api/uploads", new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var text = await docs.Locator("body").InnerTextAsync();
        Assert.All(paths, path => Assert.Contains(path, text, StringComparison.Ordinal));
        await ScreenshotAsync(docs, "docs");
    }

    [Fact]
    public async Task Single_mode_reads_a_typed_script_in_a_chosen_voice_with_its_subtitles()
    {
        var server = await StartServerAsync(workers: 1);
        var page = await OpenAsync(server, hash: "#single");
        await page.Locator("#single-mode-text").CheckAsync();
        await page.Locator("#single-texts textarea").FillAsync("Maybe Bob will bring the map.");
        await Expect(page.Locator("#single-voice option[value=en-us]")).ToHaveCountAsync(1);
        await page.Locator("#single-voice").SelectOptionAsync("en-us");
        await page.Locator("#single-subtitles").GetByLabel("SRT file").CheckAsync();
        await page.Locator("#single-subtitles").GetByLabel("WebVTT file").CheckAsync();
        await page.Locator("#single-video-input").SetInputFilesAsync(Payload(Media.ShortVideo(scratch), "host.mp4", "video/mp4"));
        await Expect(page.Locator("#single-start")).ToBeEnabledAsync(UploadsReady);
        await Expect(page.Locator("#single-script-picker")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "script-1-typed");
        await page.Locator("#single-start").ClickAsync();
        await Expect(page.Locator("#single-player")).ToBeVisibleAsync(new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#single-player track[kind=subtitles]")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "script-2-result");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#single-srt").ClickAsync());
        Assert.Equal("host+Maybe-Bob-will-bring-the-map.srt", download.SuggestedFilename);
        var saved = scratch.File("typed.srt");
        await download.SaveAsAsync(saved);
        Assert.Equal("Maybe Bob will bring the map.", Assert.Single(Mouthpiece.Subtitles.SubRip.Parse(File.ReadAllText(saved), "srt")).Text);
    }

    [Fact]
    public async Task Batch_mode_in_Chinese_reads_several_typed_scripts_for_one_video()
    {
        var server = await StartServerAsync(workers: 1);
        var page = await OpenAsync(server, locale: "zh-CN");
        await page.Locator("#view-batch").GetByLabel("输入文稿").CheckAsync();
        await page.Locator("#batch-texts textarea").First.FillAsync("你好。");
        await page.Locator("#batch-add-text").ClickAsync();
        await page.Locator("#batch-texts textarea").Nth(1).FillAsync("再见。");
        await page.Locator("#batch-voice").SelectOptionAsync("cmn");
        await page.Locator("#batch-subtitles").GetByLabel("SRT 文件").CheckAsync();
        await page.Locator("#batch-video-input").SetInputFilesAsync(Payload(Media.ShortVideo(scratch), "主持人.mp4", "video/mp4"));
        await Expect(page.Locator("#batch-summary")).ToHaveTextAsync("2 段文稿 × 1 个视频 → 2 个结果");
        await ScreenshotAsync(page, "script-batch-1-typed");
        await page.Locator("#batch-start").ClickAsync();
        await Expect(page.Locator("#batch-rows tr[data-state=done]")).ToHaveCountAsync(2, new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#batch-rows tr").First).ToContainTextAsync("“你好。” (cmn)");
        await Expect(page.Locator("#batch-rows a[data-format=srt]")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "script-batch-2-done");
    }

    [Fact]
    public async Task History_pages_ten_at_a_time_and_deletes_one_or_a_selection()
    {
        var server = await StartServerAsync(workers: 0);
        for (var i = 1; i <= 12; i++)
            await server.SubmitAsync(Media.ShortSpeech(scratch), Media.Video, $"clip-{i:00}.mp4");
        var page = await OpenAsync(server, hash: "#history");
        await Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("#history-rows tr").First).ToContainTextAsync("clip-12");
        await Expect(page.Locator("#history-page")).ToHaveTextAsync("Page 1 of 2");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#history-rows img')].every(i => i.complete && i.naturalWidth > 0)");
        await ScreenshotAsync(page, "history-1-page-one");

        await page.Locator("#history-next").ClickAsync();
        await Expect(page.Locator("#history-page")).ToHaveTextAsync("Page 2 of 2");
        await Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(2);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#history-all").CheckAsync();
        await page.Locator("#history-delete").ClickAsync();
        await Expect(page.Locator("#history-total")).ToHaveTextAsync("10 videos");
        await Expect(page.Locator("#history-page")).ToHaveTextAsync("Page 1 of 1");

        await page.Locator("#history-rows tr").First.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("#history-total")).ToHaveTextAsync("9 videos");
        await Expect(page.Locator("#history-rows tr").First).ToContainTextAsync("clip-11");
        await ScreenshotAsync(page, "history-2-after-delete");
    }

    [Fact]
    public async Task Language_follows_the_browser_and_can_be_switched()
    {
        var server = await StartServerAsync(workers: 0);
        var chinese = await OpenAsync(server, locale: "zh-CN");
        await Expect(chinese.Locator("#tab-batch")).ToHaveTextAsync("批量");
        await Expect(chinese.Locator("#batch-start")).ToHaveTextAsync("开始");
        await ScreenshotAsync(chinese, "language-1-chinese");
        await chinese.Locator("#language").ClickAsync();
        await Expect(chinese.Locator("#tab-batch")).ToHaveTextAsync("Batch");
        await chinese.ReloadAsync();
        await Expect(chinese.Locator("#tab-history")).ToHaveTextAsync("History");

        var english = await OpenAsync(server, locale: "en-GB");
        await Expect(english.Locator("#tab-single")).ToHaveTextAsync("Single");
        await english.Locator("#language").ClickAsync();
        await Expect(english.Locator("#tab-single")).ToHaveTextAsync("单个");
    }

    [Fact]
    public async Task A_chinese_page_words_every_server_message_in_chinese_and_rewords_them_when_switched()
    {
        var server = await StartServerAsync(workers: 1);
        var page = await OpenAsync(server, locale: "zh-CN");
        var faceless = scratch.Ffmpeg("faceless.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        var fast = scratch.Ffmpeg("fast60.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=60", "-t", "0.5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        var html = scratch.WriteText("page.html", "<html><body>not a video</body></html>");

        await page.Locator("#batch-audio-input").SetInputFilesAsync(Payload(Media.ShortSpeech(scratch), "script.wav", "audio/wav"));
        await page.Locator("#batch-video-input").SetInputFilesAsync(
            [Payload(Media.Video, "anna.mp4", "video/mp4"), Payload(faceless, "noface.mp4", "video/mp4"),
             Payload(fast, "camera.mp4", "video/mp4"), Payload(html, "trick.mp4", "video/mp4")]);
        await Expect(page.Locator("#batch-video-files li[data-state=ready]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#batch-video-files li[data-state=error] .error")).ToHaveTextAsync("trick.mp4：文件名是 .mp4，但内容是文本（网页或脚本？）");
        await Expect(page.Locator("#batch-video-files .warning:visible")).ToHaveTextAsync("帧率 60 fps > 30 fps — 生成时自动调整到规范之内");
        await AssertAllMessagesChineseAsync(page);
        await ScreenshotAsync(page, "language-2-chinese-refusal-and-warning");

        var camera = page.Locator("#batch-video-files li", new PageLocatorOptions { HasText = "camera.mp4" });
        await camera.GetByRole(AriaRole.Button, new() { Name = "移除" }).ClickAsync();
        await page.Locator("#batch-start").ClickAsync();
        await Expect(page.Locator("#batch-rows tr")).ToHaveCountAsync(2, new() { Timeout = (float)SubmitLimit.TotalMilliseconds });
        await Expect(page.Locator("#batch-rows tr[data-state=failed] .error")).ToHaveTextAsync("视频 noface.mp4：未找到人脸：视频中必须有一张脸",
            new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#batch-rows tr[data-state=done]")).ToHaveCountAsync(1, new() { Timeout = (float)RenderLimit.TotalMilliseconds });
        await Expect(page.Locator("#connection")).ToHaveTextAsync("已连接");
        await AssertAllMessagesChineseAsync(page);
        await ScreenshotAsync(page, "language-3-chinese-batch-with-a-failure");

        // Switching re-words what is on screen in place: no reload, and the live badge too.
        await page.EvaluateAsync("() => window.stillThisPage = true");
        await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(page.Locator("#batch-rows tr[data-state=failed] .error")).ToHaveTextAsync("video noface.mp4: no face found: the video must show a face");
        await Expect(page.Locator("#batch-rows tr[data-state=failed] .stage span").First).ToHaveTextAsync("failed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillThisPage === true"));
        await ScreenshotAsync(page, "language-4-switched-to-english");
    }

    /// <summary>No message the page shows (a refusal, a warning, a stage, an error) is an English-only sentence.</summary>
    private static async Task AssertAllMessagesChineseAsync(IPage page)
    {
        var texts = await page.Locator(".error:visible, .warning:visible, [data-msg]:visible, td.stage:visible, #connection").AllInnerTextsAsync();
        Assert.NotEmpty(texts);
        Assert.All(texts.Where(text => text.Trim().Length > 0), text => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text));
    }

    [Fact]
    public async Task System_tab_shows_the_machine_the_queue_and_the_log()
    {
        var server = await StartServerAsync(workers: 0);
        await server.SubmitAsync(Media.ShortSpeech(scratch), Media.Video, "queued.mp4");
        var page = await OpenAsync(server, hash: "#system");
        await Expect(page.Locator("#system-cpu")).ToContainTextAsync("cores");
        await Expect(page.Locator("#system-queue")).ToContainTextAsync("1 waiting");
        await Expect(page.Locator("#system-gpu")).ToContainTextAsync(File.Exists("/usr/bin/nvidia-smi") ? "" : "none");
        await Expect(page.Locator("#system-log")).ToContainTextAsync("accepted");
        await ScreenshotAsync(page, "system");
    }

    [Fact]
    public async Task With_an_api_key_the_page_asks_for_it_once_and_then_works()
    {
        var server = await StartServerAsync(workers: 0, apiKey: "office-key-42");
        var page = await OpenAsync(server, hash: "#system", waitReady: false);
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await page.Locator("#signin-key").FillAsync("wrong");
        await page.Locator("#signin button").ClickAsync();
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("That key is not right.");
        await page.Locator("#signin-key").FillAsync("office-key-42");
        await page.Locator("#signin button").ClickAsync();
        await Expect(page.Locator("#signin")).ToBeHiddenAsync();
        await Expect(page.Locator("#system-cpu")).ToContainTextAsync("cores");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await page.ReloadAsync();
        await Expect(page.Locator("#system-cpu")).ToContainTextAsync("cores");
        await Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }
}
