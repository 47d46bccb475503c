using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Scheduling;

namespace Mouthpiece.Cli.Commands;

internal static class ProbeCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Audio or video file to inspect" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("probe", "Show what a media file contains and whether it meets the input policy") { file, json };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var info = await MediaProbe.ProbeAsync(parse.GetValue(file)!, cancel);
            var verdict = info.Video is null ? null : InputPolicy.Default.Check(info.Video);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new
                {
                    info,
                    policy = verdict is null ? null : new
                    {
                        verdict.BreaksPolicy,
                        Breaches = Shown(verdict.Breaches),
                        Notes = Shown(verdict.Notes),
                        NormalizedFirstFromRenders = verdict.BreaksPolicy ? NormalizeRule.BreakEvenRenders(info.Video!.BitRate ?? info.BitRate) : null,
                    },
                }, Json)
                : Describe(info, verdict));
            return CommandRunner.Success;
        }));
        return command;
    }

    private static string Describe(MediaInfo info, PolicyVerdict? verdict)
    {
        var lines = new List<string>
        {
            info.Path,
            Line("container", info.Container),
            Line("duration", $"{info.Duration.TotalSeconds:0.00} s"),
        };
        if (info.Video is { } v)
        {
            var rotation = v.Rotation == 0 ? "" : $", rotated {v.Rotation}°";
            lines.Add(Line("video", $"{v.Codec} {v.Width}x{v.Height} {v.FramesPerSecond:0.##} fps {MbpsText(v.BitRate)} {v.PixelFormat}{rotation}"));
        }
        if (info.Audio is { } a)
            lines.Add(Line("audio", $"{a.Codec} {a.SampleRate} Hz {a.Channels} ch"));
        if (verdict is not null)
        {
            lines.Add(Line("policy", verdict.BreaksPolicy ? BreachAdvice(info.Video!, info.BitRate) : "ok"));
            lines.AddRange(verdict.Breaches.Select(b => "    ✗ " + Localized.Text(b)));
            lines.AddRange(verdict.Notes.Select(n => "    · " + Localized.Text(n)));
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Each breach or note as the API sends it: its code and parameters, and the text in the terminal's language.</summary>
    private static IEnumerable<object> Shown(IReadOnlyList<Message> messages) =>
        messages.Select(message => new { message.Code, message.Params, Message = Localized.Text(message) });

    private static string Line(string label, string value) => $"  {label,-10} {value}";

    private static string BreachAdvice(VideoStreamInfo video, long? fileBitRate) =>
        NormalizeRule.BreakEvenRenders(video.BitRate ?? fileBitRate) is { } renders
            ? $"breaks the input policy; rendered as it is (brought within the policy on the fly), normalized first once it is rendered {renders} times or more:"
            : "breaks the input policy; rendered as it is (brought within the policy on the fly):";

    private static string MbpsText(long? bitRate) =>
        bitRate is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1e6:0.##} Mbps") : "unknown bitrate";
}
