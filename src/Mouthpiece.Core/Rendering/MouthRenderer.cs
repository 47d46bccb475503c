using System.Numerics;
using Mouthpiece.Audio;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering;

/// <summary>
/// Re-shapes the mouth in one frame: the target landmarks come from <see cref="MouthGeometry"/>, the lower face is
/// warped onto them (<see cref="LowerFaceWarp"/>), lips that close get their seam (<see cref="ClosedSeam"/>), and an
/// opening beyond the source's is painted (<see cref="OpeningFill"/>). Only the lower-face box returned by
/// <see cref="Render(VideoFrame, FaceLandmarks, MouthShape)"/> is written. Keeps its buffers between frames, so one
/// instance serves one render at a time.
/// </summary>
public sealed class MouthRenderer
{
    private readonly Vector2[] _target = new Vector2[FaceLandmarks.Count];
    private readonly LowerFaceRegion _region = new();
    private readonly LowerFaceWarp _warp;
    private readonly ClosedSeam _seam = new();
    private readonly OpeningFill _fill;

    public MouthRenderer(MouthRendererOptions? options = null, IInnerMouthPainter? innerMouth = null)
    {
        Options = options ?? MouthRendererOptions.Default;
        _warp = new LowerFaceWarp(Options);
        _fill = new OpeningFill(innerMouth ?? new SyntheticInnerMouthPainter(), Options);
    }

    public MouthRendererOptions Options { get; }

    /// <summary>Renders with the source frame's own mouth as the neutral reference for width.</summary>
    /// <returns>The lower-face box that was rendered (empty when the mouth is not safely inside the frame).</returns>
    public PixelRect Render(VideoFrame frame, FaceLandmarks source, MouthShape target) =>
        Render(frame, source, target, MouthNeutral.FromFace(source, Options));

    /// <summary>
    /// Changes <paramref name="frame"/> in place so its face shows <paramref name="target"/>; <paramref name="source"/>
    /// are the face's landmarks as this frame shows it, <paramref name="neutral"/> the face's relaxed mouth
    /// (e.g. <see cref="MouthNeutral.FromFaces"/> over the whole video, for steady widths).
    /// </summary>
    /// <returns>The lower-face box that was rendered (empty when the mouth is not safely inside the frame).</returns>
    public PixelRect Render(VideoFrame frame, FaceLandmarks source, MouthShape target, MouthNeutral neutral)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(source);
        MouthGeometry.Target(source, target, neutral, Options, _target);
        var box = LowerFaceBox(source.Points, _target, frame.Width, frame.Height);
        if (box.IsEmpty)
            return box;
        _region.Capture(frame, box, Options.FeatherFraction);
        _warp.Warp(frame, _region, source, _target, neutral);
        _seam.Soften(frame, _region, source, _target);
        _fill.Fill(frame, _region, source, _target);
        return box;
    }

    /// <summary>
    /// The box around nose base, lips and jaw (before and after the move) with room to spare, on even pixels
    /// so the chroma planes line up; empty when the mouth would touch the frame's edge.
    /// </summary>
    internal static PixelRect LowerFaceBox(ReadOnlySpan<Vector2> source, ReadOnlySpan<Vector2> target, int width, int height)
    {
        var unit = MouthFrame.Of(source).Unit;
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var i in LowerFaceWarp.MovingLandmarks)
        {
            min = Vector2.Min(min, Vector2.Min(source[i], target[i]));
            max = Vector2.Max(max, Vector2.Max(source[i], target[i]));
        }
        var noseBase = float.MaxValue;
        foreach (var i in LowerFaceWarp.StillLandmarks)
            noseBase = Math.Min(noseBase, source[i].Y);
        var left = Even(Math.Max(0, (int)MathF.Floor(min.X - 0.1f * unit)));
        var top = Even(Math.Max(0, (int)MathF.Floor(noseBase - 0.1f * unit)));
        var right = Math.Min(width, Even((int)MathF.Ceiling(max.X + 0.1f * unit) + 1));
        var bottom = Math.Min(height, Even((int)MathF.Ceiling(max.Y + 0.25f * unit) + 1));
        var box = new PixelRect(left, top, right - left, bottom - top);
        return MouthFitsInside(source, target, box) ? box : default;
    }

    internal static bool Inside(Vector2 point, PixelRect box, float margin) =>
        point.X >= box.Left + margin && point.X <= box.Right - 1 - margin && point.Y >= box.Top + margin && point.Y <= box.Bottom - 1 - margin;

    private static int Even(int value) => value & ~1;

    private static bool MouthFitsInside(ReadOnlySpan<Vector2> source, ReadOnlySpan<Vector2> target, PixelRect box)
    {
        for (var i = 48; i < 68; i++)
        {
            if (!Inside(source[i], box, 2) || !Inside(target[i], box, 2))
                return false;
        }
        return true;
    }
}
