using Mouthpiece.Audio;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>How a render draws the mouth.</summary>
public enum MouthMode
{
    /// <summary>The person's own mouths from the atlas, frame after frame.</summary>
    Samples,

    /// <summary>The frame's own mouth reshaped; openings filled from the person's widest mouth, or painted.</summary>
    Warp,

    /// <summary>Atlas mouths for texture, the warp for the opening the atlas lacks.</summary>
    Hybrid,
}

/// <summary>
/// The mouth of every output frame, decided before the first is drawn: the opening to show, over the person's own
/// range (learned from the video when its mouth speaks, a default otherwise), the drawing mode and why, and in the
/// atlas modes the sample for each frame (<see cref="SampleSelector"/>).
/// </summary>
public sealed class MouthPlan
{
    /// <summary>The 90th percentile of the opening when the video does not show the person speaking (inter-ocular distances).</summary>
    public const float DefaultP90 = 0.15f;

    /// <summary>InnerLipAperture per unit of <see cref="MouthShape.Openness"/> × <see cref="MouthRendererOptions.MaxInnerLipGap"/>: the side gaps are smaller than the middle one.</summary>
    private const float ApertureOfMiddleGap = 0.87f;

    /// <summary>An atlas sample more open than asked by this is closed by the warp (inter-ocular distances).</summary>
    public const float ClosingTolerance = 0.008f;

    // An opening wider than the sample by this share of the person's range (at most MaxOpeningTolerance) is drawn by the
    // warp. A share, not a fixed width: a small speaker's whole range is a few hundredths, and a fixed 0.02 left their
    // samples a third of it short at every syllable's peak (the drawn range fell to 0.8 of theirs), where a large
    // speaker's loses a tenth.
    private const float OpeningShare = 0.1f;
    private const float MaxOpeningTolerance = 0.02f;

    private readonly MouthShape[] _track;
    private readonly MouthRendererOptions _options;

    private MouthPlan(MouthShape[] track, float[] aperture, int[] samples, float[] sampleAperture, MouthMode mode, string reason, float rangeP90, MouthRendererOptions options)
    {
        _track = track;
        Aperture = aperture;
        Samples = samples;
        SampleAperture = sampleAperture;
        Mode = mode;
        Reason = reason;
        RangeP90 = rangeP90;
        _options = options;
    }

    public MouthMode Mode { get; }

    public string Reason { get; }

    /// <summary>The opening's 90th percentile the plan draws to (the person's, or <see cref="DefaultP90"/>).</summary>
    public float RangeP90 { get; }

    /// <summary>Per output frame, the inner-lip opening to show (inter-ocular distances).</summary>
    public IReadOnlyList<float> Aperture { get; }

    /// <summary>Per output frame, the atlas sample to draw, or −1 for the warp alone.</summary>
    public IReadOnlyList<int> Samples { get; }

    /// <summary>Per output frame, the opening of the planned sample as it was in the video (NaN for the warp alone).</summary>
    public IReadOnlyList<float> SampleAperture { get; }

    /// <param name="track">The mouth the speech asks for, per output frame.</param>
    /// <param name="sourceOf">The source frame each output frame shows.</param>
    public static MouthPlan Create(MouthShape[] track, MouthAtlas atlas, Func<int, long> sourceOf, MouthRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(atlas);
        ArgumentNullException.ThrowIfNull(sourceOf);
        options ??= MouthRendererOptions.Default;
        var rangeP90 = atlas.Speaks ? atlas.ApertureP90 : DefaultP90;
        var aperture = ScaleToRange(track, rangeP90);
        var (mode, reason) = ChooseMode(atlas, rangeP90);
        var samples = new int[track.Length];
        Array.Fill(samples, -1);
        if (mode != MouthMode.Warp)
        {
            var widest = atlas.MaxSampleAperture;
            var targets = new SampleTarget[track.Length];
            for (var i = 0; i < track.Length; i++)
            {
                var source = sourceOf(i);
                var state = source < atlas.States.Count ? atlas.States[(int)source] : null;
                // In the hybrid mode the atlas has no opening as wide as asked: its widest stands in, and the warp opens it further.
                targets[i] = new SampleTarget(Math.Min(aperture[i], widest), state?.Yaw ?? 0, state?.Pitch ?? 0, state is not null);
            }
            samples = SampleSelector.Select(atlas, targets);
        }
        var sampleAperture = samples.Select(sample => sample < 0 ? float.NaN : atlas.Samples[sample].State.Aperture).ToArray();
        return new MouthPlan(track, aperture, samples, sampleAperture, mode, reason, rangeP90, options);
    }

    /// <summary>
    /// Whether the frame needs the warp on top of its sample (or alone), and the shape to warp to. A sample more open
    /// than asked by over <see cref="ClosingTolerance"/> is closed by it (closing warps look right); one less open by
    /// over <see cref="OpeningTolerance"/> is opened, its inside filled from the person's widest mouth: a sample held
    /// on a syllable's peak would otherwise hide the syllable from the eye. Bilabials close whatever the sample.
    /// </summary>
    /// <remarks>
    /// On a sample the warp changes the opening only, and sets in gradually: from nothing at the tolerance to the
    /// whole difference at twice it. A warp that started at full strength and with the speech's mouth width, as it
    /// once did, jumped in and out from one frame to the next as the plan's samples came near the opening asked
    /// for or went past it: the mouth region's frame-to-frame change on the truth clips fell from 0.97–1.32× the real
    /// recording's to 0.85–1.19× without it, with the same truth and envelope.
    /// </remarks>
    /// <param name="sampleAperture">The drawn sample's opening (inter-ocular distances); unused without a sample.</param>
    /// <param name="sampleWidth">The drawn sample's <see cref="MouthShape.Width"/>; unused without a sample.</param>
    public MouthShape? WarpShape(int frame, float sampleAperture, float sampleWidth)
    {
        var wanted = Aperture[frame];
        var shape = _track[frame];
        if (Samples[frame] < 0)
            return ShapeFor(shape, wanted);
        shape = shape with { Width = sampleWidth };
        if (shape.Closed)
            return ShapeFor(shape, wanted);
        var change = wanted - sampleAperture;
        var beyond = Math.Abs(change) - (change > 0 ? OpeningTolerance : ClosingTolerance);
        return beyond <= 0 ? null : ShapeFor(shape, sampleAperture + Math.Sign(change) * Math.Min(Math.Abs(change), 2 * beyond));
    }

    /// <summary>How much less open than asked a sample may be and still be drawn as it is (inter-ocular distances).</summary>
    public float OpeningTolerance => Math.Min(MaxOpeningTolerance, OpeningShare * RangeP90);

    private MouthShape ShapeFor(MouthShape shape, float aperture) =>
        shape with { Openness = aperture / (ApertureOfMiddleGap * _options.MaxInnerLipGap) };

    /// <summary>
    /// Openings scaled so their 90th percentile over the speech is the person's: the speech's loudness says when
    /// and how much relative to itself, the person says how far their mouth goes.
    /// </summary>
    private static float[] ScaleToRange(MouthShape[] track, float rangeP90)
    {
        var open = track.Select(shape => shape.Closed ? 0 : shape.Openness).ToArray();
        var sorted = open.Order().ToArray();
        var trackP90 = sorted.Length == 0 ? 1 : Math.Max(sorted[(int)(0.9 * (sorted.Length - 1))], 0.3f);
        return [.. open.Select(value => value / trackP90 * rangeP90)];
    }

    private static (MouthMode Mode, string Reason) ChooseMode(MouthAtlas atlas, float rangeP90)
    {
        if (atlas.Samples.Count == 0)
            return (MouthMode.Warp, "no lower face could be kept from the video (no face, or it touches the frame's edge): the frame's own mouth is reshaped");
        var widest = atlas.MaxSampleAperture;
        if (atlas.Speaks && widest >= 0.8f * rangeP90)
        {
            return (MouthMode.Samples, FormattableString.Invariant(
                $"the video shows the person speaking (90 % of openings up to {atlas.ApertureP90:0.000}); {atlas.Samples.Count} of its frames are drawn from, openings up to {widest:0.000}"));
        }
        return (MouthMode.Hybrid, FormattableString.Invariant(
            $"the video's own mouth barely opens (90 % of openings up to {atlas.ApertureP90:0.000}, widest kept {widest:0.000}): its {atlas.Samples.Count} kept frames give the mouth's texture, the warp gives the opening"));
    }
}
