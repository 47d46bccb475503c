using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Core.Tests.Audio;

public sealed class SpeechLevelTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Real_speech_is_loud_enough_and_gets_no_warning()
    {
        var level = await MeasureAsync(TestData.File("media", "speech-en-3s.wav"));
        Assert.InRange(level.SpeechDbfs, -30, -10);
        Assert.False(level.IsNearSilent);
        Assert.Null(level.Warning("speech.wav"));
    }

    [Fact]
    public async Task Real_silence_is_called_silent()
    {
        var silence = _scratch.Ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "2");
        var level = await MeasureAsync(silence);
        Assert.True(level.IsSilent);
        Assert.Equal(Codes.Speech.Silent("silence.wav"), level.Warning("silence.wav"));
        Assert.StartsWith("silence.wav: the recording is silent", level.Warning("silence.wav")!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speech_recorded_far_too_quietly_is_near_silent()
    {
        // The talking man's own track: real speech, about 45 dB below ordinary speech.
        var level = await MeasureAsync(TestData.File("audio", "talking-man.wav"));
        Assert.True(level.IsNearSilent);
        Assert.False(level.IsSilent);
        Assert.Equal("speech.near_silent", level.Warning("talking-man.wav")!.Code);
        Assert.Contains("near-silent", level.Warning("talking-man.wav")!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_but_audible_speech_passes_and_loud_hum_without_speech_is_near_silent()
    {
        var speech = TestData.File("media", "speech-en-3s.wav");
        var quiet = _scratch.Ffmpeg("quiet.wav", "-i", speech, "-af", "volume=-20dB");
        Assert.False((await MeasureAsync(quiet)).IsNearSilent);
        // Mains hum peaking at -23 dBFS is loud, but it is not speech: the speech band leaves it out.
        var hum = _scratch.Ffmpeg("hum.wav", "-f", "lavfi", "-i", "sine=frequency=50:sample_rate=16000", "-af", "volume=-5dB", "-t", "2");
        var humLevel = await MeasureAsync(hum);
        Assert.True(humLevel.IsNearSilent, $"hum measured {humLevel.SpeechDbfs} dBFS in the speech band");
        Assert.InRange(humLevel.PeakDbfs, -24, -22);
    }

    private static async Task<SpeechLevel> MeasureAsync(string path) =>
        await SpeechLevel.MeasureAsync(await MediaProbe.ProbeAudioAsync(path));
}
