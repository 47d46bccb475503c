using Mouthpiece.Subtitles;

namespace Mouthpiece.Core.Tests.Subtitles;

/// <summary>The burn-in filter with real ffmpeg and libass: a hostile folder name stays a file name, and Chinese text is drawn.</summary>
public sealed class SubtitleBurnTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public void Filter_syntax_in_a_folder_name_is_only_a_name_and_the_subtitle_is_drawn_in_the_band()
    {
        var folder = Directory.CreateDirectory(_scratch.File("it's a [test]; x=1, y:2 %d 字幕")).FullName;
        var ass = Path.Combine(folder, "subs: one, two.ass");
        File.WriteAllText(ass, AssScript.Write([new SubtitleCue(0, 5, "你好 Hello {\\fs200}")], 320, 240));
        var frame = _scratch.File("frame.gray");

        Tool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=320x240:d=1",
            "-vf", SubtitleFilter.Burn(ass), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-y", frame);

        var pixels = File.ReadAllBytes(frame);
        var bandTop = (int)(240 * (1 - AssScript.BandShare));
        var lit = pixels.Select((value, i) => (Row: i / 320, value)).Where(p => p.value > 128).ToList();
        Assert.True(lit.Count > 200, $"{lit.Count} bright pixels: the text was not drawn");
        Assert.All(lit, p => Assert.True(p.Row >= bandTop, $"bright pixel in row {p.Row}, above the band at {bandTop}"));
        // The override "{\fs200}" is drawn as text at the normal size, not obeyed: the text stays in one line.
        Assert.True(lit.Max(p => p.Row) - lit.Min(p => p.Row) < 40);
    }

    public void Dispose() => _scratch.Dispose();
}
