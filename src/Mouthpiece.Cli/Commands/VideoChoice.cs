using System.CommandLine;
using Mouthpiece.Avatars;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Cli.Commands;

/// <summary>The person who speaks: a video file (<c>--video</c>), or a saved avatar (<c>--avatar NAME</c>) in its place.</summary>
internal sealed class VideoChoice
{
    public Option<string?> Video { get; } = new("--video") { Description = "Video of the person; or --avatar" };

    public Option<string?> Avatar { get; } = new("--avatar") { Description = "A saved avatar (mouthpiece avatars add) in place of --video" };

    /// <summary>
    /// The video, the face that speaks (--face-index, else the avatar's own), the name results are named after, and an
    /// avatar's content hash (taken when it was saved, so no render reads the video again for it).
    /// </summary>
    public (string Path, int? FaceIndex, string Name, ContentHash? Hash)? Resolve(ParseResult parse, DataDirectory data, int? faceIndex)
    {
        var (video, avatarName) = (parse.GetValue(Video), parse.GetValue(Avatar));
        if (video is not null && avatarName is not null)
            throw new ProblemException(Codes.Cli.VideoTwice());
        if (avatarName is not null)
        {
            var avatar = new AvatarLibrary(data).Get(avatarName);
            return (avatar.VideoPath, faceIndex ?? avatar.FaceIndex, avatar.Name + ".mp4", ContentHash.Parse(avatar.Hash));
        }
        return video is null ? null : (video, faceIndex, Path.GetFileName(video), null);
    }
}
