using Mouthpiece.Messages;

namespace Mouthpiece.Avatars;

/// <summary>
/// A face on the avatar's first frame, numbered as <c>--face-index</c> counts them (left to right); its box is in
/// fractions of the frame, so a page can draw it over the thumbnail at any size.
/// </summary>
public sealed record AvatarFace(int Index, double X, double Y, double Width, double Height);

/// <summary>
/// A person's video kept under a name, analysed once when saved: renders from it take the video as stored (already
/// within the input policy) and find its face track and the engine's other per-video caches ready.
/// </summary>
public sealed record Avatar
{
    public required string Name { get; init; }

    /// <summary>The file name the video was saved from.</summary>
    public required string OriginalName { get; init; }

    /// <summary>The stored video: the original when it met the input policy, else its normalized copy.</summary>
    public required string VideoPath { get; init; }

    public required string ThumbnailPath { get; init; }

    /// <summary>SHA-256 of the stored video.</summary>
    public required string Hash { get; init; }

    /// <summary>The face that speaks; null animates the main speaker.</summary>
    public int? FaceIndex { get; init; }

    public required IReadOnlyList<AvatarFace> Faces { get; init; }

    public required double DurationSeconds { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double FramesPerSecond { get; init; }

    /// <summary>How the original video stood against the input policy: what normalization fixed, and what it kept.</summary>
    public required IReadOnlyList<Message> PolicyBreaches { get; init; }

    public required IReadOnlyList<Message> PolicyNotes { get; init; }

    public bool Normalized => PolicyBreaches.Count > 0;

    /// <summary>Seconds the analysis took when the avatar was saved, which no render from it spends again.</summary>
    public required double AnalysisSeconds { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
