namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// The person's own mouths, gathered while the video was analysed: the mouth's state in every analysed source
/// frame (NaN aperture where no face was found), and a bounded set of those frames' lower faces, kept as runs of
/// consecutive frames so that a render can play a real mouth movement rather than jump between stills.
/// Immutable; <see cref="MouthAtlasFormat"/> stores it with the face track.
/// </summary>
public sealed class MouthAtlas
{
    /// <summary>
    /// A video whose mouth opening varies less than this between its 10th and 90th percentile is taken not to speak (a
    /// held smile, a still face). Not the opening alone: a news anchor speaks with openings a smile can show too.
    /// </summary>
    public const float SpeakingSpread = 0.015f;

    /// <summary>
    /// Nor does a video whose openings stay below this at their 90th percentile (a pout, a mumble, one opening in a
    /// nearly silent clip): drawn to that range, new speech would hardly show. The smallest real speaker measured, a
    /// news anchor, reaches 0.047.
    /// </summary>
    public const float SpeakingP90 = 0.04f;

    /// <summary>Sampled mouths must reach this opening before the atlas alone can draw speech.</summary>
    public const float OpenSample = 0.06f;

    public MouthAtlas(IReadOnlyList<MouthState?> states, IReadOnlyList<MouthSample> samples)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(samples);
        States = states;
        Samples = samples;
        var apertures = states.Where(state => state is not null).Select(state => state!.Value.Aperture).Order().ToArray();
        ApertureP90 = apertures.Length == 0 ? 0 : apertures[(int)(0.9 * (apertures.Length - 1))];
        ApertureP10 = apertures.Length == 0 ? 0 : apertures[(int)(0.1 * (apertures.Length - 1))];
        Next = [.. samples.Select((sample, i) => i + 1 < samples.Count && samples[i + 1].FrameIndex == sample.FrameIndex + 1 ? i + 1 : -1)];
    }

    /// <summary>Per analysed source frame, the mouth's state; null where the frame had no face.</summary>
    public IReadOnlyList<MouthState?> States { get; }

    /// <summary>The kept lower faces, in frame order.</summary>
    public IReadOnlyList<MouthSample> Samples { get; }

    /// <summary>For each sample, the index of the sample of the very next source frame, or −1 where a run ends.</summary>
    public IReadOnlyList<int> Next { get; }

    public float ApertureP90 { get; }

    public float ApertureP10 { get; }

    /// <summary>Whether the video's own mouth speaks (so its range is the person's speaking range).</summary>
    public bool Speaks => ApertureP90 >= SpeakingP90 && ApertureP90 - ApertureP10 >= SpeakingSpread;

    public float MaxSampleAperture => Samples.Count == 0 ? 0 : Samples.Max(sample => sample.State.Aperture);

    public long CompressedBytes => Samples.Sum(sample => (long)sample.Compressed.Length);
}
