using BenchmarkDotNet.Attributes;
using Mouthpiece.Audio;
using Mouthpiece.Media;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// Speech analysis into a mouth track, per second of speech: the test sentence's first whole seconds,
/// decoded by ffmpeg to 16 kHz mono as a render does.
/// </summary>
public class AudioAnalysisBenchmarks
{
    // OperationsPerInvoke must be a constant: the test sentence lasts 6.2 s.
    private const int Seconds = 6;
    private const double OutputFramesPerSecond = 30;

    private float[] _speech = null!;

    [GlobalSetup]
    public void DecodeSpeech()
    {
        var pcm = ComponentMedia.Await(ComponentMedia.SpeechAsync());
        var samples = Seconds * AudioDecoder.AnalysisSampleRate;
        if (pcm.Length < samples)
            throw new InvalidOperationException($"the test speech lasts less than {Seconds} s");
        _speech = pcm[..samples];
    }

    [Benchmark(OperationsPerInvoke = Seconds)]
    public MouthShape[] BuildMouthTrack() => MouthTrackBuilder.Build(_speech, OutputFramesPerSecond);
}
