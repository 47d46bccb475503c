using System.Text;
using Mouthpiece.Jobs;

namespace Mouthpiece.Core.Tests.Jobs;

public sealed class OutputNamesTests
{
    [Theory]
    [InlineData("anna.mp4", "script.wav", "anna+script.mp4")]
    [InlineData("主持人.mov", "第一段.mp3", "主持人+第一段.mp4")]
    [InlineData("../../etc/passwd", "C:\\Users\\x\\speech.wav", "passwd+speech.mp4")]
    [InlineData("a:b*c?.mp4", "\"x\"<y>|z.wav", "a_b_c_+_x__y__z.mp4")]
    [InlineData("one+two.mp4", "line\u0007\u202Eevil.wav", "one_two+line__evil.mp4")]
    [InlineData("....mp4", "   .wav", "video+audio.mp4")]
    [InlineData("", "", "video+audio.mp4")]
    public void Names_are_video_plus_audio_and_safe(string video, string audio, string expected) =>
        Assert.Equal(expected, OutputNames.Of(video, audio));

    [Theory]
    [InlineData("a")]
    [InlineData("中")]
    [InlineData("👩‍👩‍👧")]
    [InlineData("e\u0301")]
    public void Long_names_are_cut_at_whole_characters(string unit)
    {
        var name = OutputNames.Of(string.Concat(Enumerable.Repeat(unit, 200)) + ".mp4", "speech.wav");

        var stem = name[..name.IndexOf('+', StringComparison.Ordinal)];
        Assert.EndsWith("…", stem, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(stem) <= OutputNames.MaxStemBytes);
        Assert.Equal(0, (stem.Length - 1) % unit.Length);
        Assert.True(Encoding.UTF8.GetByteCount(name) < 200, "room for \" (n)\" and a partial-file suffix within 255 bytes");
        Assert.Equal(stem[..^1], Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(stem[..^1])));
    }

    [Fact]
    public void A_lone_surrogate_is_replaced_not_kept()
    {
        Assert.Equal("x_+speech.mp4", OutputNames.Of("x\uD800.mp4", "speech.wav"));
    }

    [Fact]
    public void Unique_numbers_a_name_the_folder_has_and_ignores_case()
    {
        HashSet<string> folder = new(["anna+script.mp4", "ANNA+script (2).mp4"], StringComparer.OrdinalIgnoreCase);

        Assert.Equal("anna+script (3).mp4", OutputNames.Unique("anna+script.mp4", folder.Contains));
        Assert.Equal("ben+script.mp4", OutputNames.Unique("ben+script.mp4", folder.Contains));
        Assert.Equal(
            ["anna+script (3).mp4", "anna+script (4).mp4", "ben+script.mp4", "Ben+Script (2).mp4"],
            OutputNames.UniqueAll(["anna+script.mp4", "anna+script.mp4", "ben+script.mp4", "Ben+Script.mp4"], folder.Contains));
    }
}
