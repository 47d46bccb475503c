namespace Mouthpiece.Cli.Tests;

public sealed class ServeCommandTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public ServeCommandTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public async Task Serve_on_every_address_without_a_key_stops_and_says_how_to_set_one()
    {
        var (exitCode, _, errors) = await Cli.RunAsync("serve", "--host", "0.0.0.0", "--port", "0", "--data", _scratch.Root);

        Assert.Equal(2, exitCode);
        Assert.Contains("MOUTHPIECE_API_KEY", errors, StringComparison.Ordinal);
    }
}
