using Mouthpiece.Media;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Core.Tests.Subtitles;

/// <summary>SubRip and WebVTT written and read back, malformed files refused by line, scripts told apart by content.</summary>
public sealed class SubtitleFormatTests
{
    private static readonly SubtitleCue[] Cues =
    [
        new(0.3, 1.25, "Maybe Bob will bring the map."),
        new(1.5, 3723.004, "你好，我们明天见。"),
    ];

    [Fact]
    public void SubRip_is_written_as_players_expect_and_reads_back()
    {
        var text = SubRip.Write(Cues);

        Assert.StartsWith("1\n00:00:00,300 --> 00:00:01,250\nMaybe Bob will bring the map.\n\n2\n00:00:01,500 --> 01:02:03,004\n", text, StringComparison.Ordinal);
        Assert.Equal(Cues, SubRip.Parse(text, "x.srt"));
    }

    [Fact]
    public void WebVtt_is_written_with_its_header_and_reads_back()
    {
        var text = WebVtt.Write(Cues);

        Assert.StartsWith("WEBVTT\n\n00:00:00.300 --> 00:00:01.250\n", text, StringComparison.Ordinal);
        Assert.Equal(Cues, WebVtt.Parse(text, "x.vtt"));
    }

    [Fact]
    public void WebVtt_from_elsewhere_is_read_with_notes_settings_tags_and_short_times()
    {
        const string vtt = "WEBVTT - made by hand\n\nNOTE a comment\nover two lines\n\nintro\n00:01.000 --> 00:02.500 align:start line:0\n<v Roger>Hello <i>there</i> &amp; welcome\n\n00:03.000 --> 00:04.000\nsecond\nline\n";

        var cues = WebVtt.Parse(vtt, "x.vtt");

        Assert.Equal([new SubtitleCue(1, 2.5, "Hello there & welcome"), new SubtitleCue(3, 4, "second line")], cues);
    }

    [Theory]
    [InlineData("1\n00:00:01,000 -> 00:00:02,000\nhi\n", "line 2: expected a time range")]
    [InlineData("1\n00:00:03,000 --> 00:00:02,000\nhi\n", "line 2: the cue ends before it starts")]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\n\n", "a cue without text")]
    public void A_malformed_SubRip_file_is_refused_naming_the_line(string content, string problem)
    {
        var error = Assert.Throws<MediaInputException>(() => SubRip.Parse(content, "talk.srt"));

        Assert.StartsWith("talk.srt: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_file_is_told_by_its_content_not_its_name()
    {
        Assert.True(SubtitleScript.Parse(WebVtt.Write(Cues), "a.txt").IsTimed);
        Assert.True(SubtitleScript.Parse("\uFEFF1\r\n00:00:00,300 --> 00:00:01,250\r\nHi\r\n", "a.vtt").IsTimed);
        var plain = SubtitleScript.Parse("Just the words.\nOn two lines.", "a.srt");
        Assert.False(plain.IsTimed);
        Assert.Equal("Just the words.\nOn two lines.", plain.Text);
    }

    [Fact]
    public void A_file_that_is_not_text_is_refused()
    {
        var error = Assert.Throws<MediaInputException>(() => Script.DecodeText([0x52, 0x49, 0x46, 0x46, 0xFF, 0x00, 0xD8], "speech.txt"));

        Assert.Equal("speech.txt: is not a UTF-8 text file", error.Message);
    }

    [Fact]
    public void Subtitle_formats_parse_from_a_list_and_refuse_unknown_names()
    {
        Assert.Equal(SubtitleFormats.Srt | SubtitleFormats.Burn, SubtitleFormatNames.Parse(["srt,burn"]));
        Assert.Equal(SubtitleFormats.Srt | SubtitleFormats.Vtt | SubtitleFormats.Burn, SubtitleFormatNames.Parse(["vtt", "SRT", "burn"]));
        Assert.Throws<Mouthpiece.Messages.ProblemException>(() => SubtitleFormatNames.Parse(["ass"]));
    }

    [Fact]
    public void Clauses_end_at_punctuation_and_stay_within_a_line()
    {
        const string english = "Hello, world. Smith paid 3.50 dollars!\n\nThat is all";
        const string chinese = "你好，我们明天见。\n再见";

        Assert.Equal(["Hello,", "world.", "Smith paid 3.50 dollars!", "That is all"], ScriptSplitter.Clauses(english).Select(c => c.Of(english)));
        Assert.Equal(["你好，", "我们明天见。", "再见"], ScriptSplitter.Clauses(chinese).Select(c => c.Of(chinese)));
        var long1 = string.Concat(Enumerable.Repeat("一二三四五六七八九十", 5));
        Assert.All(ScriptSplitter.Clauses(long1), c => Assert.True(c.Length <= 20));
    }
}
