using System.CommandLine;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Commands;

internal static class NormalizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Video to normalize" };
        var output = new Argument<string>("out") { Description = "MP4 to write" };
        var bitrate = new Option<string>("--bitrate") { Description = "Target video bit rate", DefaultValueFactory = _ => "10M" };
        var maxHeight = new Option<int>("--max-height") { Description = "Largest short side in pixels", DefaultValueFactory = _ => 1080 };
        var fps = new Option<double>("--fps") { Description = "Highest frame rate", DefaultValueFactory = _ => 30 };
        var preset = new Option<string>("--preset") { Description = "x264 preset", DefaultValueFactory = _ => "fast" };
        var command = new Command("normalize", "Transcode a video to the house standard (H.264, ≤1080p, ≤30 fps, 10 Mbps, AAC)")
        {
            input, output, bitrate, maxHeight, fps, preset,
        };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var options = new NormalizeOptions
            {
                Encoding = new H264Settings { BitRate = H264Settings.ParseBitRate(parse.GetValue(bitrate)!), Preset = parse.GetValue(preset)! },
                MaxHeight = parse.GetValue(maxHeight),
                MaxFramesPerSecond = parse.GetValue(fps),
            };
            var info = await MediaProbe.ProbeVideoAsync(parse.GetValue(input)!, cancel);
            var target = parse.GetValue(output)!;
            await ProgressDisplay.RunAsync("normalizing", progress => Normalizer.NormalizeAsync(info, target, options, progress, cancel));
            Console.WriteLine(target);
            return CommandRunner.Success;
        }));
        return command;
    }
}
