using System.Diagnostics;
using Mouthpiece.Audio;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Audio;

public class MouthTrackSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void One_minute_of_speech_takes_well_under_a_second()
    {
        var sentence = WavFile.ReadMono16k(TestData.File("audio", "tts-en.wav"));
        var minute = Enumerable.Repeat(sentence, 10).SelectMany(s => s).Take(60 * 16000).ToArray();
        MouthTrackBuilder.Build(minute.AsSpan(0, 16000), 30);

        var clock = Stopwatch.StartNew();
        var track = MouthTrackBuilder.Build(minute, 30);
        clock.Stop();
        output.WriteLine($"60 s of audio → {track.Length} frames in {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(1800, track.Length);
        // Warm, a free core needs ~70 ms; the budget leaves room for tier-0 JIT and tests running alongside.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
