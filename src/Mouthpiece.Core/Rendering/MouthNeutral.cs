using Mouthpiece.Faces;

namespace Mouthpiece.Rendering;

/// <summary>
/// The face's own relaxed mouth, which target shapes are measured against: outer mouth width
/// (corner to corner) in inter-ocular distances, with the narrowing an open jaw causes taken out.
/// </summary>
public readonly record struct MouthNeutral(float Width)
{
    /// <summary>Takes one frame's mouth as neutral, so width 0 keeps that frame's width.</summary>
    public static MouthNeutral FromFace(FaceLandmarks face, MouthRendererOptions options)
    {
        var measured = MouthGeometry.Measure(face, options);
        return new MouthNeutral(measured.Width / (1 - options.OpenNarrowing * Math.Clamp(measured.Openness, 0, 1)));
    }

    /// <summary>The median of many frames' neutral widths: a steady reference for a whole video.</summary>
    public static MouthNeutral FromFaces(IEnumerable<FaceLandmarks> faces, MouthRendererOptions options)
    {
        var widths = faces.Select(face => FromFace(face, options).Width).Order().ToArray();
        if (widths.Length == 0)
            throw new ArgumentException("at least one face is needed", nameof(faces));
        return new MouthNeutral(widths[widths.Length / 2]);
    }
}
