using Mouthpiece.Avatars;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Avatars;

/// <summary>An avatar as the API shows it: no server paths, its thumbnail by URL, its policy verdict worded.</summary>
public sealed record AvatarView(
    string Name,
    string OriginalName,
    string Thumbnail,
    int? FaceIndex,
    IReadOnlyList<AvatarFace> Faces,
    double DurationSeconds,
    int Width,
    int Height,
    double FramesPerSecond,
    bool Normalized,
    IReadOnlyList<MessageView> PolicyBreaches,
    IReadOnlyList<MessageView> PolicyNotes,
    double AnalysisSeconds,
    DateTimeOffset CreatedAt)
{
    public static AvatarView From(Avatar avatar) => new(
        avatar.Name,
        avatar.OriginalName,
        $"/api/avatars/{Uri.EscapeDataString(avatar.Name)}/thumbnail",
        avatar.FaceIndex,
        avatar.Faces,
        avatar.DurationSeconds,
        avatar.Width,
        avatar.Height,
        avatar.FramesPerSecond,
        avatar.Normalized,
        MessageView.FromAll(avatar.PolicyBreaches),
        MessageView.FromAll(avatar.PolicyNotes),
        avatar.AnalysisSeconds,
        avatar.CreatedAt);
}
