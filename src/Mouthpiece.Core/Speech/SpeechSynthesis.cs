using Mouthpiece.Speech.Espeak;

namespace Mouthpiece.Speech;

/// <summary>Speech made from a script: the audio file, when each word is heard, and whether its phonemes are known.</summary>
/// <param name="Timeline">Words for the subtitles; with a built-in voice also the phonemes that drive the mouth.</param>
public sealed record SynthesizedSpeech(string AudioPath, Voice Voice, SpeechTimeline Timeline)
{
    /// <summary>The audio's probe when making it needed one (the service's answer is checked); null for a built-in voice's WAV.</summary>
    public Media.MediaInfo? Probe { get; init; }

    /// <summary>True when the mouth can follow the phonemes; otherwise it follows the audio.</summary>
    public bool PhonemesKnown => Timeline.Phonemes.Count > 0;
}

/// <summary>Reads a script aloud with the voice it names: a built-in espeak-ng voice, or the configured TTS service.</summary>
public static class SpeechSynthesis
{
    /// <summary>Writes the speech to <paramref name="audioPath"/> (a WAV file, complete or absent).</summary>
    /// <exception cref="Media.MediaInputException">The voice does not exist.</exception>
    /// <exception cref="TextToSpeechException">espeak-ng is missing, or the service failed.</exception>
    public static async Task<SynthesizedSpeech> SynthesizeAsync(
        Script script, string audioPath, TtsServiceOptions? service, CancellationToken cancellationToken = default)
    {
        var voice = Voices.Resolve(script.Voice, script.Text, service);
        if (voice.Kind == VoiceKind.BuiltIn)
        {
            var identifier = Voices.EspeakIdentifier(voice);
            var (samples, rate, timeline) = await Task.Run(() => EspeakSpeaker.Speak(identifier, script.Text, cancellationToken), cancellationToken);
            await WaveFile.WriteAsync(audioPath, samples, rate, cancellationToken);
            return new SynthesizedSpeech(audioPath, voice, timeline);
        }
        var audio = await new TtsServiceClient(service!).SynthesizeAsync(script.Text, audioPath, cancellationToken);
        return new SynthesizedSpeech(audioPath, voice, await TextSpreader.OverAudioAsync(script.Text, audio, cancellationToken)) { Probe = audio };
    }
}
