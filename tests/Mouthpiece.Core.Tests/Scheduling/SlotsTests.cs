using Mouthpiece.Scheduling;

namespace Mouthpiece.Core.Tests.Scheduling;

public sealed class SlotsTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(8, 4)]
    [InlineData(16, 8)]
    public void More_cores_give_more_slots(int cores, int slots) => Assert.Equal(slots, Slots.ForCores(cores));

    [Theory]
    [InlineData(2, 0, true)]
    [InlineData(2, 1, false)]
    [InlineData(4, 2, true)]
    [InlineData(4, 3, false)]
    [InlineData(4, 4, false)]
    public void A_normalization_never_takes_the_last_free_slot(int slots, int busy, bool may) =>
        Assert.Equal(may, Slots.MayStartNormalization(slots, busy));

    [Fact]
    public void With_one_slot_a_normalization_runs_only_while_nothing_else_does()
    {
        Assert.True(Slots.MayStartNormalization(1, 0));
        Assert.False(Slots.MayStartNormalization(1, 1));
    }

    [Theory]
    [InlineData(10, new double[] { 5 }, false)]
    [InlineData(7.5, new double[] { 5 }, false)]
    [InlineData(7, new double[] { 5 }, true)]
    [InlineData(5, new double[] { 10 }, true)]
    [InlineData(10, new double[] { 20, 5 }, false)]
    [InlineData(10, new double[] { 8, 9 }, true)]
    [InlineData(10, new double[] { }, true)]
    public void A_job_waits_while_one_running_beside_it_is_expected_to_take_less_than_two_thirds_of_its_time(double expected, double[] running, bool may) =>
        Assert.Equal(may, Slots.MayStartBeside(expected, running));

    [Fact]
    public void A_job_of_unknown_size_neither_waits_nor_holds_up_another()
    {
        Assert.True(Slots.MayStartBeside(0, [5]));
        Assert.True(Slots.MayStartBeside(100, [0]));
    }
}
