using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class NormalizeRuleTests
{
    private static readonly PolicyVerdict Breaks = new([Codes.Policy.BitRateHigh(60, 12)], []);
    private static readonly PolicyVerdict Complies = new([], []);

    [Theory]
    [InlineData(60_000_000, 1)]
    [InlineData(120_000_000, 1)]
    [InlineData(45_000_000, 1)]
    public void A_video_rendered_once_is_rendered_as_it_is_whatever_its_bit_rate(long bitRate, int renders) =>
        Assert.False(NormalizeRule.ShouldNormalize(Breaks, bitRate, renders));

    [Theory]
    [InlineData(60_000_000, 3, false)]
    [InlineData(60_000_000, 4, true)]
    [InlineData(80_000_000, 4, true)]
    [InlineData(40_000_000, 5, false)]
    [InlineData(40_000_000, 6, true)]
    [InlineData(59_000_000, 5, false)]
    [InlineData(59_000_000, 6, true)]
    public void A_reused_video_is_normalized_from_the_studys_break_even(long bitRate, int renders, bool normalize) =>
        Assert.Equal(normalize, NormalizeRule.ShouldNormalize(Breaks, bitRate, renders));

    [Theory]
    [InlineData(20_000_000)]
    [InlineData(39_000_000)]
    public void Below_40_Mbps_normalizing_never_pays_however_often_the_video_is_rendered(long bitRate)
    {
        Assert.Null(NormalizeRule.BreakEvenRenders(bitRate));
        Assert.False(NormalizeRule.ShouldNormalize(Breaks, bitRate, 1000));
    }

    [Fact]
    public void A_video_within_the_policy_or_of_unknown_bit_rate_is_never_normalized()
    {
        Assert.False(NormalizeRule.ShouldNormalize(Complies, 10_000_000, 1000));
        Assert.False(NormalizeRule.ShouldNormalize(Breaks, null, 1000));
    }
}
