namespace Mouthpiece.Faces;

/// <summary>A detected face: its box in frame pixels and the detector's confidence (0..1).</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height, float Score)
{
    public float CenterX => X + Width / 2;

    public float CenterY => Y + Height / 2;

    public float Area => Width * Height;

    /// <summary>Intersection over union, the overlap measure used by non-max suppression and tracking.</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(X + Width, other.X + other.Width);
        var bottom = Math.Min(Y + Height, other.Y + other.Height);
        var intersection = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
