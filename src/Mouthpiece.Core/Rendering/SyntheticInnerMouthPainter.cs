namespace Mouthpiece.Rendering;

/// <summary>
/// Paints an inner mouth without any picture of the person's own: a dark cavity that lightens toward the
/// tongue and darkens toward the corners, and a row of upper teeth hanging from the upper lip, lit from the
/// skin tone so it sits in the face's own light: each tooth rounded, shaded where it meets its neighbour and
/// translucent at its biting edge, so the row reads as teeth rather than a flat band.
/// </summary>
public sealed class SyntheticInnerMouthPainter : IInnerMouthPainter
{
    /// <summary>How deep the upper teeth show below the upper lip, in inter-ocular distances (≈ incisor height).</summary>
    public float TeethDepth { get; init; } = 0.085f;

    /// <summary>Teeth never fill more than this share of the opening, so some cavity always shows beneath them.</summary>
    public float MaxTeethShare { get; init; } = 0.45f;

    /// <summary>Teeth luma relative to the skin's: teeth are brighter than skin but shaded by the lip.</summary>
    public float TeethBrightness { get; init; } = 0.88f;

    /// <summary>Cavity luma relative to the skin's, at the back of the mouth and near the tongue.</summary>
    public float CavityDarkness { get; init; } = 0.14f;

    public float TongueLightness { get; init; } = 0.30f;

    // Where neighbouring teeth meet, corner to corner (−1 … 1): between the central incisors, then the laterals,
    // the canines and the first premolars, closer together toward the corners as the arch turns away.
    private static readonly float[] ToothJoins = [0, 0.27f, -0.27f, 0.49f, -0.49f, 0.66f, -0.66f];
    private const float JoinShade = 0.35f;
    private const float JoinHalfWidth = 0.022f;
    private const float EdgeTranslucency = 0.15f;

    public void Paint(InnerMouthCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var teethDepth = Math.Min(TeethDepth * canvas.InterOcularPixels, MaxTeethShare * canvas.OpeningPixels);
        PaintLuma(canvas, teethDepth);
        PaintChroma(canvas, teethDepth);
    }

    private void PaintLuma(InnerMouthCanvas canvas, float teethDepth)
    {
        var skin = canvas.SkinTone.X;
        var width = canvas.Bounds.Width;
        for (var y = 0; y < canvas.Bounds.Height; y++)
        {
            var row = y * width;
            var output = canvas.Y.Slice(row, width);
            for (var x = 0; x < width; x++)
            {
                var across = canvas.Across[row + x];
                var teeth = TeethCover(across, canvas.DepthPixels[row + x], teethDepth);
                var cornerShade = 1 - 0.5f * across * across;
                var down = Math.Clamp(canvas.Down[row + x], 0, 1);
                var cavity = skin * (CavityDarkness + (TongueLightness - CavityDarkness) * down * down) * cornerShade;
                var tooth = skin * TeethBrightness * (1 - 0.55f * across * across) * GumShadow(canvas.DepthPixels[row + x], teethDepth)
                    * Relief(across) * BitingEdge(across, canvas.DepthPixels[row + x], teethDepth);
                output[x] = ToByte(cavity + teeth * (tooth - cavity));
            }
        }
    }

    private static void PaintChroma(InnerMouthCanvas canvas, float teethDepth)
    {
        var skin = canvas.SkinTone;
        // Chroma fades with light: the dark cavity keeps a little of the skin's warmth, teeth are ivory.
        var cavityU = 128 + 0.35f * (skin.Y - 128);
        var cavityV = 128 + 0.45f * (skin.Z - 128) + 3;
        var toothU = 128 + 0.3f * (skin.Y - 128) - 3;
        var toothV = 128 + 0.3f * (skin.Z - 128) + 2;
        var width = canvas.Bounds.Width;
        for (var cy = 0; cy < canvas.ChromaHeight; cy++)
        {
            var uRow = canvas.U.Slice(cy * canvas.ChromaWidth, canvas.ChromaWidth);
            var vRow = canvas.V.Slice(cy * canvas.ChromaWidth, canvas.ChromaWidth);
            for (var cx = 0; cx < canvas.ChromaWidth; cx++)
            {
                var luma = 2 * cy * width + 2 * cx;
                var teeth = TeethCover(canvas.Across[luma], canvas.DepthPixels[luma], teethDepth);
                uRow[cx] = ToByte(cavityU + teeth * (toothU - cavityU));
                vRow[cx] = ToByte(cavityV + teeth * (toothV - cavityV));
            }
        }
    }

    // 1 on the teeth, 0 in the cavity: a soft lower edge that curves up toward the corners, fading out past the canines.
    private static float TeethCover(float across, float depth, float teethDepth)
    {
        var bottom = teethDepth * (1 - 0.35f * across * across);
        var edge = Math.Clamp(bottom - depth + 0.5f, 0, 1);
        var sides = Math.Clamp((0.85f - Math.Abs(across)) / 0.3f, 0, 1);
        return edge * sides;
    }

    // Darker where two teeth meet (the gap and the curve of each tooth into it), brightest mid-tooth.
    private static float Relief(float across)
    {
        var nearest = float.MaxValue;
        foreach (var join in ToothJoins)
            nearest = Math.Min(nearest, Math.Abs(across - join));
        var gap = nearest / JoinHalfWidth;
        return 1 - JoinShade * MathF.Exp(-gap * gap);
    }

    // The last quarter of a tooth's height, at its biting edge, lets the dark cavity show through.
    private static float BitingEdge(float across, float depth, float teethDepth)
    {
        var bottom = teethDepth * (1 - 0.35f * across * across);
        return 1 - EdgeTranslucency * Math.Clamp((depth - 0.75f * bottom) / Math.Max(0.25f * bottom, 1), 0, 1);
    }

    // The upper lip shades the gum line.
    private static float GumShadow(float depth, float teethDepth) =>
        0.78f + 0.22f * Math.Clamp(depth / Math.Max(0.35f * teethDepth, 1), 0, 1);

    private static byte ToByte(float value) => (byte)Math.Clamp(value + 0.5f, 0, 255);
}
