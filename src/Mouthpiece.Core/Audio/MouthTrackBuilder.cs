namespace Mouthpiece.Audio;

/// <summary>
/// Computes the mouth for each output video frame from the speech audio alone, for any language:
/// opening from loudness against an adaptive noise floor, weighted towards vowel nuclei and open
/// vowels; width from the second formant; lip closures from stop gaps and nasal murmur; pause and
/// timing rules after Rhubarb Lip Sync. See docs/ARCHITECTURE.md §1.
/// </summary>
public static class MouthTrackBuilder
{
    /// <summary>
    /// One <see cref="MouthShape"/> per output frame; the frame count is round(seconds × <paramref name="fps"/>).
    /// </summary>
    /// <param name="pcm16kMono">Speech as 16 kHz mono float samples (full scale ±1).</param>
    /// <param name="fps">Frame rate of the output video.</param>
    /// <param name="options">Timing constants; <see cref="MouthTrackOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The audio is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fps"/> is not a positive finite number.</exception>
    public static MouthShape[] Build(ReadOnlySpan<float> pcm16kMono, double fps, MouthTrackOptions? options = null)
    {
        if (pcm16kMono.IsEmpty)
            throw new ArgumentException("The audio is empty: there is no speech to make a mouth track from.", nameof(pcm16kMono));
        if (!double.IsFinite(fps) || fps <= 0)
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "The frame rate must be a positive number of frames per second.");
        options ??= MouthTrackOptions.Default;

        var hops = BuildHops(SpeechFeatures.Compute(pcm16kMono), options);
        var frames = FrameSampler.Sample(hops, FrameSampler.FrameCount(pcm16kMono.Length, fps), fps, options.LeadSeconds);
        JawLimiter.Apply(frames, fps);
        return frames;
    }

    private static HopShapes BuildHops(SpeechFeatures features, MouthTrackOptions options)
    {
        var normalizer = new LevelNormalizer(options);
        var hops = HopShapes.FromFeatures(features, normalizer.Normalize(features.LevelDb));
        ClosureDetector.Mark(hops, features, normalizer.Normalize(features.MidDb));
        PauseRules.Apply(hops, options);
        hops.ExtendShortClosures(PauseRules.ToHops(options.MinShapeSeconds));
        HopSmoother.Apply(hops, options);
        return hops;
    }
}
