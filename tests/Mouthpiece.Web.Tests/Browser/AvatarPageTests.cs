using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mouthpiece.Web.Tests.Browser;

/// <summary>The Avatars tab in real headless Chromium against the real server.</summary>
public sealed class AvatarPageTests(BrowserFixture browser, Scratch scratch, ITestOutputHelper output)
    // Saving under a name that is taken is refused (409) on purpose.
    : BrowserTest(browser, output, 409), IClassFixture<BrowserFixture>, IClassFixture<Scratch>
{
    private static readonly TimeSpan AnalysisLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Save_a_two_face_avatar_click_the_face_that_speaks_and_delete_it_in_chinese()
    {
        var twoFaces = scratch.Ffmpeg("two-faces.mp4", "-i", Media.Video, "-i", Media.Portrait,
            "-filter_complex", "[1:v]scale=-2:480,setsar=1[r];[0:v]setsar=1[l];[l][r]hstack=shortest=1[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p");
        var page = await OpenAsync(await StartServerAsync(workers: 0), locale: "zh-CN", hash: "#avatars");
        await Expect(page.Locator("#tab-avatars")).ToHaveTextAsync("形象");
        await Expect(page.Locator("#avatar-empty")).ToBeVisibleAsync();

        await page.Locator("#avatar-video-input").SetInputFilesAsync(new FilePayload { Name = "二人.mp4", MimeType = "video/mp4", Buffer = File.ReadAllBytes(twoFaces) });
        await Expect(page.Locator("#avatar-video-files li[data-state=ready]")).ToHaveCountAsync(1);
        await page.Locator("#avatar-name").FillAsync("主播");
        await page.Locator("#avatar-save").ClickAsync();

        var card = page.Locator("li.avatar[data-avatar=主播]");
        await Expect(card).ToBeVisibleAsync(new() { Timeout = (float)AnalysisLimit.TotalMilliseconds });
        await Expect(card.Locator("button.face")).ToHaveCountAsync(2);
        await Expect(card).ToContainTextAsync("2 张脸：由主讲人说话");
        await card.Locator("button.face").Nth(1).ClickAsync();
        await Expect(card.Locator("button.face").Nth(1)).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = (float)AnalysisLimit.TotalMilliseconds });
        await Expect(page.Locator("li.avatar[data-avatar=主播]")).ToContainTextAsync("左起第 2 张脸说话");
        await ScreenshotAsync(page, "avatars-1-two-faces");

        // A name that is taken is refused in the page's language, and nothing else changes.
        await page.Locator("#avatar-video-input").SetInputFilesAsync(new FilePayload { Name = "again.mp4", MimeType = "video/mp4", Buffer = File.ReadAllBytes(Media.Video) });
        await Expect(page.Locator("#avatar-video-files li[data-state=ready]")).ToHaveCountAsync(1);
        await page.Locator("#avatar-name").FillAsync("主播");
        await page.Locator("#avatar-save").ClickAsync();
        await Expect(page.Locator("#avatar-status")).ToContainTextAsync("已有名为 主播 的形象");

        await page.Locator("li.avatar[data-avatar=主播]").GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Expect(page.Locator("li.avatar")).ToHaveCountAsync(0);
        await Expect(page.Locator("#avatar-empty")).ToBeVisibleAsync();
    }
}
