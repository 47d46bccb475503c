namespace Mouthpiece.Rendering;

/// <summary>
/// Supplies what shows between the lips where the rendered mouth opens wider than the video frame's own.
/// The built-in <see cref="SyntheticInnerMouthPainter"/> draws a cavity and teeth; a painter that copies the
/// person's own open mouth from other frames can take its place, using the canvas's normalized mouth coordinates.
/// </summary>
public interface IInnerMouthPainter
{
    /// <summary>Writes every pixel of the canvas's layers; the renderer blends them in inside the opening only.</summary>
    void Paint(InnerMouthCanvas canvas);
}
