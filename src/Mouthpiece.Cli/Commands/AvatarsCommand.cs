using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mouthpiece.Avatars;
using Mouthpiece.Messages;

namespace Mouthpiece.Cli.Commands;

/// <summary><c>mouthpiece avatars add|list|show|delete</c>: people's videos kept under a name in the data directory.</summary>
internal static class AvatarsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("avatars", "Save a person's video under a name once, then render from the name");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The avatar's name" };
        var video = new Argument<string>("video") { Description = "The person's video" };
        var faceIndex = new Option<int?>("--face-index") { Description = "The face that speaks (0 = leftmost); default: the main speaker" };
        var command = new Command("add", "Save a video as an avatar: normalized if needed, its faces found and analysed once") { name, video, faceIndex };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var path = parse.GetValue(video)!;
            var library = new AvatarLibrary(CommonOptions.ResolveData(parse));
            var avatar = await library.SaveAsync(parse.GetValue(name)!, path, Path.GetFileName(path), parse.GetValue(faceIndex), cancel);
            Console.WriteLine(Describe(avatar));
            return CommandRunner.Success;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "Every saved avatar");
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(() =>
        {
            foreach (var avatar in new AvatarLibrary(CommonOptions.ResolveData(parse)).List())
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{avatar.Name}  {avatar.DurationSeconds:0.0} s  {avatar.Width}x{avatar.Height}  {Faces(avatar)}  {avatar.OriginalName}"));
            return Task.FromResult(CommandRunner.Success);
        }));
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The avatar's name" };
        var json = new Option<bool>("--json") { Description = "Print it as JSON" };
        var command = new Command("show", "An avatar's video, faces, duration and quality verdict") { name, json };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(() =>
        {
            var avatar = new AvatarLibrary(CommonOptions.ResolveData(parse)).Get(parse.GetValue(name)!);
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(AsJson(avatar), Json) : Describe(avatar));
            return Task.FromResult(CommandRunner.Success);
        }));
        return command;
    }

    private static Command Delete()
    {
        var names = new Argument<string[]>("name") { Description = "Avatar names", Arity = ArgumentArity.OneOrMore };
        var command = new Command("delete", "Delete avatars (results made from them stay)") { names };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(() =>
        {
            var library = new AvatarLibrary(CommonOptions.ResolveData(parse));
            var exitCode = CommandRunner.Success;
            foreach (var name in parse.GetValue(names)!)
                if (!library.Delete(name))
                    exitCode = CommandRunner.Fail(CommandRunner.BadInput, Localized.Text(Codes.Avatars.NotFound(name)));
            return Task.FromResult(exitCode);
        }));
        return command;
    }

    private static string Describe(Avatar avatar)
    {
        var lines = new List<string>
        {
            avatar.Name,
            Line("video", avatar.VideoPath),
            Line("from", avatar.OriginalName),
            Line("size", string.Create(CultureInfo.InvariantCulture, $"{avatar.Width}x{avatar.Height} {avatar.FramesPerSecond:0.##} fps, {avatar.DurationSeconds:0.00} s")),
            Line("faces", Faces(avatar)),
            Line("thumbnail", avatar.ThumbnailPath),
            Line("analysis", string.Create(CultureInfo.InvariantCulture, $"{avatar.AnalysisSeconds:0.0} s, done once")),
            Line("policy", avatar.Normalized ? "normalized when saved:" : "ok"),
        };
        lines.AddRange(avatar.PolicyBreaches.Select(b => "    ✗ " + Localized.Text(b)));
        lines.AddRange(avatar.PolicyNotes.Select(n => "    · " + Localized.Text(n)));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Faces(Avatar avatar) =>
        avatar.Faces.Count == 1 ? "1 face"
        : $"{avatar.Faces.Count} faces, " + (avatar.FaceIndex is { } index ? $"face {index} speaks" : "the main speaker speaks");

    private static object AsJson(Avatar avatar) => new
    {
        avatar.Name,
        avatar.OriginalName,
        avatar.VideoPath,
        avatar.ThumbnailPath,
        avatar.Hash,
        avatar.FaceIndex,
        avatar.Faces,
        avatar.DurationSeconds,
        avatar.Width,
        avatar.Height,
        avatar.FramesPerSecond,
        avatar.Normalized,
        PolicyBreaches = avatar.PolicyBreaches.Select(Shown),
        PolicyNotes = avatar.PolicyNotes.Select(Shown),
        avatar.AnalysisSeconds,
        avatar.CreatedAt,
    };

    private static object Shown(Message message) => new { message.Code, message.Params, Message = Localized.Text(message) };

    private static string Line(string label, string value) => $"  {label,-10} {value}";
}
