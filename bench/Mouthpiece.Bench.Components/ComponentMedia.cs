using Mouthpiece.Faces;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;

namespace Mouthpiece.Bench.Components;

/// <summary>
/// What the component benchmarks measure on: one real frame of the talking clip with its face box, and the
/// test speech as analysis PCM. The clips themselves come from <see cref="BenchMedia"/>, shared with the suite.
/// </summary>
internal static class ComponentMedia
{
    /// <summary>A frame from the middle of the clip, where the speaker's face is settled.</summary>
    private const int SampleFrameIndex = 30;

    /// <summary>
    /// Waits for a setup step. BenchmarkDotNet 0.14's in-process toolchain calls an async [GlobalSetup]
    /// without awaiting it, so setups block here instead, as BenchmarkDotNet's own generated code does.
    /// There is no synchronization context in a console process, so this cannot deadlock.
    /// </summary>
    public static T Await<T>(Task<T> setupStep) => setupStep.GetAwaiter().GetResult();

    /// <summary>One real frame of the talking clip at <paramref name="height"/> and the face box the detector finds in it.</summary>
    public static async Task<(VideoFrame Frame, FaceBox Box)> FaceFrameAsync(int height)
    {
        var frames = await BenchMedia.DecodeAsync(BenchMedia.TalkingClip(height, seconds: 2), SampleFrameIndex + 1);
        var frame = frames[SampleFrameIndex];
        using var detector = new FaceDetector();
        var faces = detector.Detect(frame);
        if (faces.Count == 0)
            throw new InvalidOperationException($"no face found in frame {SampleFrameIndex} of the {height}p clip");
        return (frame, faces[0].Box);
    }

    /// <summary>The English test sentence as 16 kHz mono float samples, decoded the way a render decodes speech.</summary>
    public static async Task<float[]> SpeechAsync()
    {
        var info = await MediaProbe.ProbeAudioAsync(Path.Combine(BenchMedia.RepositoryRoot, "tests", "data", "audio", "tts-en.wav"));
        using var pcm = await AudioDecoder.DecodeMonoAsync(info);
        return pcm.ToArray();
    }
}
