namespace Mouthpiece.Rendering;

/// <summary>
/// How far mouth shapes move the face and how the result is blended in. Lengths are in inter-ocular
/// distances (the face's own unit) unless the name says pixels, so one set of values fits any face size.
/// </summary>
public sealed record MouthRendererOptions
{
    public static readonly MouthRendererOptions Default = new();

    /// <summary>Inner-lip gap at openness 1. Wide speaking vowels in real clips reach 0.3–0.35.</summary>
    public float MaxInnerLipGap { get; init; } = 0.30f;

    /// <summary>Share of an opening taken by the upper lip; the jaw carries the rest down.</summary>
    public float UpperLipShare { get; init; } = 0.3f;

    /// <summary>Mouth width gained at width +1 (spread, "ee"), as a fraction of the neutral width.</summary>
    public float SpreadGain { get; init; } = 0.14f;

    /// <summary>Mouth width lost at width −1 (rounded, "oo"), as a fraction of the neutral width.</summary>
    public float RoundLoss { get; init; } = 0.24f;

    /// <summary>Fraction of width lost at openness 1: an opening jaw pulls the corners in.</summary>
    public float OpenNarrowing { get; init; } = 0.08f;

    /// <summary>Extra lip thickness at width −1 (pouted lips show more red).</summary>
    public float RoundPout { get; init; } = 0.18f;

    /// <summary>Lip thickness lost at width +1 (stretched lips thin out).</summary>
    public float SpreadThinning { get; init; } = 0.12f;

    /// <summary>Width of the soft edge inside the lower-face box, as a fraction of the box's shorter side.</summary>
    public float FeatherFraction { get; init; } = 0.12f;

    /// <summary>
    /// When a mouth closes, how much larger than its inner-lip landmarks the source opening is taken to be
    /// (as a share of the gap), so no rim of teeth or cavity survives between the lips.
    /// </summary>
    public float CavityMargin { get; init; } = 0.25f;

    /// <summary>Soft edge of the painted inner mouth, in pixels.</summary>
    public float InnerMouthEdgePixels { get; init; } = 1.2f;
}
