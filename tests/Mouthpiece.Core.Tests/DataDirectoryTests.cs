namespace Mouthpiece.Core.Tests;

public class DataDirectoryTests
{
    [Fact]
    public void Command_line_value_wins_over_environment()
    {
        var data = DataDirectory.Resolve("/tmp/mp-data-test");
        Assert.Equal("/tmp/mp-data-test", data.Root);
        Assert.Equal("/tmp/mp-data-test/logs/mouthpiece.log", data.MainLog);
    }
}
