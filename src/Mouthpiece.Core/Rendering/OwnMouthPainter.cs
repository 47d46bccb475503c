using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Paints the opening with the person's own open mouth (docs/ARCHITECTURE.md §1): the widest mouth offered so far, relit
/// to the current frame's skin tone. Until the video has shown an open enough mouth it paints like its fallback
/// (a <see cref="SyntheticInnerMouthPainter"/> unless told otherwise). Offer source frames before they are rendered.
/// </summary>
public sealed class OwnMouthPainter(IInnerMouthPainter? fallback = null) : IInnerMouthPainter
{
    private readonly IInnerMouthPainter _fallback = fallback ?? new SyntheticInnerMouthPainter();

    /// <summary>A wider mouth replaces the kept one only when its aperture is this many times larger, so it is replaced seldom.</summary>
    public float ReplaceGain { get; init; } = 1.2f;

    /// <inheritdoc cref="MouthExemplar.DefaultMinAperture"/>
    public float MinAperture { get; init; } = MouthExemplar.DefaultMinAperture;

    /// <summary>
    /// Height (inter-ocular distances) below the upper lip and above the lower one that keeps the exemplar's own scale
    /// when the opening is taller than the exemplar's: teeth keep their size and the cavity between them stretches.
    /// </summary>
    public float TeethBand { get; init; } = 0.09f;

    // Of an exemplar taller than the opening, the share hidden above it (behind the upper lip); the lower lip hides the rest.
    private const float HiddenAbove = 0.1f;

    /// <summary>The mouth being painted from, or null while none was open enough.</summary>
    public MouthExemplar? Exemplar { get; private set; }

    /// <summary>
    /// Looks at an unrendered source frame and keeps its mouth when it is clearly wider than the kept one.
    /// Cheap when it is not (one aperture measurement), so every frame can be offered.
    /// </summary>
    /// <returns>True when this frame's mouth became the exemplar.</returns>
    public bool Offer(VideoFrame frame, FaceLandmarks face)
    {
        ArgumentNullException.ThrowIfNull(face);
        var needed = Exemplar is null ? MinAperture : Exemplar.Aperture * ReplaceGain;
        if (face.InnerLipAperture < needed)
            return false;
        var captured = MouthExemplar.TryCapture(frame, face, MinAperture);
        if (captured is null)
            return false;
        Exemplar = captured;
        return true;
    }

    /// <summary>Uses <paramref name="exemplar"/> from now on, e.g. one taken before the render started.</summary>
    public void Use(MouthExemplar exemplar) => Exemplar = exemplar ?? throw new ArgumentNullException(nameof(exemplar));

    public void Paint(InnerMouthCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        if (Exemplar is null)
        {
            _fallback.Paint(canvas);
            return;
        }
        var light = Relight.Between(Exemplar.SkinTone, canvas.SkinTone);
        var band = TeethBand * canvas.InterOcularPixels;
        PaintLuma(canvas, Exemplar, light, band);
        PaintChroma(canvas, Exemplar, light, band);
    }

    private static void PaintLuma(InnerMouthCanvas canvas, MouthExemplar exemplar, Relight light, float band)
    {
        var width = canvas.Bounds.Width;
        for (var y = 0; y < canvas.Bounds.Height; y++)
        {
            var output = canvas.Y.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var (across, down) = ExemplarPoint(canvas, exemplar, y * width + x, band);
                output[x] = ToByte(light.Luma(exemplar.Sample(across, down).X));
            }
        }
    }

    private static void PaintChroma(InnerMouthCanvas canvas, MouthExemplar exemplar, Relight light, float band)
    {
        var width = canvas.Bounds.Width;
        for (var cy = 0; cy < canvas.ChromaHeight; cy++)
        {
            var uRow = canvas.U.Slice(cy * canvas.ChromaWidth, canvas.ChromaWidth);
            var vRow = canvas.V.Slice(cy * canvas.ChromaWidth, canvas.ChromaWidth);
            for (var cx = 0; cx < canvas.ChromaWidth; cx++)
            {
                // A chroma sample covers a 2x2 block of luma: take the exemplar at the block's centre.
                var first = 2 * cy * width + 2 * cx;
                var (a0, d0) = ExemplarPoint(canvas, exemplar, first, band);
                var (a1, d1) = ExemplarPoint(canvas, exemplar, first + width + 1, band);
                var colour = exemplar.Sample((a0 + a1) / 2, (d0 + d1) / 2);
                var (u, v) = light.Chroma(colour);
                uRow[cx] = ToByte(u);
                vRow[cx] = ToByte(v);
            }
        }
    }

    /// <summary>
    /// Where a canvas pixel reads the exemplar. Across maps directly. A taller opening than the exemplar's keeps the
    /// bands under the upper lip and over the lower one at the exemplar's own scale (teeth are a fixed size) and
    /// stretches only the cavity between them. A lower one shows a window of the exemplar at its own scale, as lips
    /// closing over the same mouth would: squeezed whole, the teeth would become a bright line along the lips.
    /// </summary>
    private static (float Across, float Down) ExemplarPoint(InnerMouthCanvas canvas, MouthExemplar exemplar, int i, float band)
    {
        var across = Math.Clamp(canvas.Across[i], -1, 1);
        var down = canvas.Down[i];
        if (down <= 0 || down >= 1)
            return (across, Math.Clamp(down, 0, 1));
        var gap = canvas.DepthPixels[i] / down;
        var exemplarGap = exemplar.GapAt(across) * canvas.InterOcularPixels;
        if (gap <= exemplarGap)
        {
            var window = gap / Math.Max(exemplarGap, 1e-3f);
            return (across, HiddenAbove * (1 - window) + down * window);
        }
        var targetBand = Math.Min(band / gap, 0.5f);
        var exemplarBand = Math.Min(band / Math.Max(exemplarGap, 1e-3f), 0.5f);
        if (down < targetBand)
            return (across, down * exemplarBand / targetBand);
        if (down > 1 - targetBand)
            return (across, 1 - (1 - down) * exemplarBand / targetBand);
        var middle = (down - targetBand) / (1 - 2 * targetBand);
        return (across, exemplarBand + middle * (1 - 2 * exemplarBand));
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(value + 0.5f, 0, 255);

    /// <summary>
    /// Carries the exemplar's colours into the current frame's light: luma scales with the ratio of the skin tones,
    /// and the skin's change of tint is added in proportion to how lit each pixel is (the dark cavity keeps its colour).
    /// </summary>
    private readonly record struct Relight(float Gain, Vector2 TintShift, float ExemplarSkinLuma)
    {
        private const float MaxGainChange = 2f;

        public static Relight Between(Vector3 exemplarSkin, Vector3 currentSkin)
        {
            var gain = Math.Clamp(currentSkin.X / Math.Max(exemplarSkin.X, 1), 1 / MaxGainChange, MaxGainChange);
            return new Relight(gain, new Vector2(currentSkin.Y - exemplarSkin.Y, currentSkin.Z - exemplarSkin.Z), Math.Max(exemplarSkin.X, 1));
        }

        public float Luma(float y) => y * Gain;

        public (float U, float V) Chroma(Vector3 colour)
        {
            var lit = Math.Clamp(colour.X / ExemplarSkinLuma, 0, 1);
            return (colour.Y + lit * TintShift.X, colour.Z + lit * TintShift.Y);
        }
    }
}
