using Mouthpiece.Media;

namespace Mouthpiece.Cli.Tests;

/// <summary>A mouthpiece killed with SIGKILL, which it cannot catch, leaves no ffmpeg running and no partial file once run again.</summary>
public sealed class CrashTests : IClassFixture<Scratch>
{
    private readonly Scratch _scratch;

    public CrashTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public async Task A_SIGKILLed_normalize_takes_its_ffmpeg_with_it_and_a_rerun_leaves_no_partial()
    {
        var source = _scratch.Ffmpeg("camera.mp4", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=60:d=3", "-c:v", "libx264", "-preset", "ultrafast");
        var output = _scratch.File("normalized.mp4");
        using (var cli = Cli.Start("normalize", source, output, "--preset", "veryslow"))
        {
            var writers = await Tool.EventuallyAsync(() => Tool.ProcessesMentioning(output + "."), found => found.Count > 0, TimeSpan.FromSeconds(60));

            cli.Kill();
            await cli.WaitForExitAsync();

            await Tool.EventuallyAsync(() => writers.Where(Tool.IsRunning).ToList(), left => left.Count == 0, TimeSpan.FromSeconds(5));
        }
        Assert.NotEmpty(OutputFile.PartialsOf(output));

        var (exitCode, _, errors) = await Cli.RunAsync("normalize", source, output, "--preset", "ultrafast");

        Assert.True(exitCode == 0, errors);
        Assert.Empty(OutputFile.PartialsOf(output));
    }
}
