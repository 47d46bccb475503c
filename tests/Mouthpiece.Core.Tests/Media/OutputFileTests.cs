using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

/// <summary>Every output is written under a name no other write shares and verified before it takes its name; a file found on disk is decoded whole.</summary>
public sealed class OutputFileTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;

    public OutputFileTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public async Task Two_writes_of_one_output_at_once_each_write_their_own_partial_and_one_whole_file_remains()
    {
        var output = _scratch.File("shared.mp4");
        var partials = new List<string>();
        using var bothStarted = new Barrier(2);

        await Task.WhenAll(Write(), Write());

        Assert.Equal(2, partials.Distinct().Count());
        Assert.All(partials, partial => Assert.StartsWith(output + ".", partial, StringComparison.Ordinal));
        Assert.Equal(await File.ReadAllBytesAsync(Talking), await File.ReadAllBytesAsync(output));
        Assert.Empty(OutputFile.PartialsOf(output));

        Task Write() => Task.Run(() => OutputFile.WriteAsync(output, async partial =>
        {
            lock (partials)
                partials.Add(partial);
            bothStarted.SignalAndWait(TimeSpan.FromSeconds(10));
            await using var source = File.OpenRead(Talking);
            await using var target = File.OpenWrite(partial);
            await source.CopyToAsync(target);
        }, CancellationToken.None));
    }

    [Fact]
    public async Task A_video_that_probes_fine_but_whose_frames_are_damaged_does_not_verify()
    {
        var damaged = _scratch.Write("damaged.mp4", await File.ReadAllBytesAsync(Talking));
        await using (var file = File.OpenWrite(damaged))
        {
            file.Seek(100_000, SeekOrigin.Begin);
            await file.WriteAsync(Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray());
        }
        Assert.NotNull((await MediaProbe.ProbeVideoAsync(damaged)).Video);

        var error = await Assert.ThrowsAsync<FfmpegException>(() => OutputFile.VerifyVideoAsync(damaged, null, CancellationToken.None));

        Assert.Contains("does not decode cleanly", error.Message, StringComparison.Ordinal);
        Assert.True(error.MayPassOnRetry);
        await OutputFile.VerifyVideoAsync(Talking, 90, CancellationToken.None);
    }

    [Fact]
    public async Task A_video_shorter_than_what_was_written_does_not_verify()
    {
        var error = await Assert.ThrowsAsync<FfmpegException>(() => OutputFile.VerifyVideoAsync(Talking, 120, CancellationToken.None));

        Assert.Contains("decodes to 90 frames, 120 were written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_written_file_cut_short_does_not_verify()
    {
        var bytes = await File.ReadAllBytesAsync(Talking);
        var cut = _scratch.Write("cut.mp4", bytes[..(bytes.Length * 6 / 10)]);

        var error = await Assert.ThrowsAsync<FfmpegException>(() => OutputFile.VerifyWrittenAsync(cut, 90, CancellationToken.None));

        Assert.Contains("the output cut.mp4 does not read cleanly", error.Message, StringComparison.Ordinal);
        await OutputFile.VerifyWrittenAsync(Talking, 90, CancellationToken.None);
    }

    [Fact]
    public async Task A_written_file_missing_frames_the_encoder_was_given_does_not_verify()
    {
        var error = await Assert.ThrowsAsync<FfmpegException>(() => OutputFile.VerifyWrittenAsync(Talking, 120, CancellationToken.None));

        Assert.Contains("holds 90 frames, 120 were written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_partials_removes_only_those_of_that_output()
    {
        var output = _scratch.File("out.mp4");
        var mine = _scratch.WriteText("out.mp4.1234abcd.partial", "half");
        var other = _scratch.WriteText("out2.mp4.1234abcd.partial", "half");

        OutputFile.DeletePartials(output);

        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(other));
    }
}
