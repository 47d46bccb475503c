using System.CommandLine;
using System.Globalization;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Spectre.Console;

namespace Mouthpiece.Cli.Commands;

internal static class RenderCommand
{
    public static Command Create()
    {
        var audio = new Option<string>("--audio") { Description = "Speech recording (wav, mp3, m4a, aac, flac, ogg, or a video's sound)", Required = true };
        var video = new Option<string>("--video") { Description = "Video of the person", Required = true };
        var output = new Option<string>("--output") { Description = "MP4 to write", Required = true };
        var report = new Option<string?>("--report") { Description = "Also write the JSON report here" };
        var faceIndex = new Option<int?>("--face-index") { Description = "Animate this face (0 = leftmost) instead of the main speaker" };
        var command = new Command("render", "Make the person in a video speak a recording") { audio, video, output, report, faceIndex };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var data = CommonOptions.ResolveData(parse);
            var request = new RenderRequest(parse.GetValue(audio)!, parse.GetValue(video)!, parse.GetValue(output)!)
            {
                ReportPath = parse.GetValue(report),
                FaceIndex = parse.GetValue(faceIndex),
                FaceTrackCacheDirectory = Path.Combine(data.Root, "cache", "faces"),
                ScratchDirectory = Path.Combine(data.Root, "tmp"),
            };
            var result = await ShowProgressAsync(progress => RenderPipeline.RunAsync(request, progress, cancel));
            Console.WriteLine(result.Output);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Frames} frames ({result.DurationSeconds:0.0} s) in {result.WallSeconds:0.0} s, {result.RenderFramesPerSecond:0.0} fps; face in {result.FaceCoverage:P0} of frames"));
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>A live bar with stage, per cent, fps and time left on a terminal; a plain line per 10 % otherwise.</summary>
    private static async Task<RenderReport> ShowProgressAsync(Func<IProgress<RenderProgress>, Task<RenderReport>> render)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await render(new PlainRenderProgress());
        RenderReport? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Localized.Text(Codes.Stages.Probing()), maxValue: 1.0);
                result = await render(new Progress<RenderProgress>(p =>
                {
                    task.Description = Describe(p);
                    task.Value = p.Fraction;
                }));
                task.Value = 1.0;
            });
        return result!;
    }

    private static string Describe(RenderProgress p) => p.Stage == RenderStage.Rendering
        ? string.Create(CultureInfo.InvariantCulture, $"{Localized.Text(p.StageMessage)} {p.FramesPerSecond,5:0.0} fps")
        : Localized.Text(p.StageMessage);

    /// <summary>For logs and pipes: one line when the stage changes and every ten per cent.</summary>
    private sealed class PlainRenderProgress : IProgress<RenderProgress>
    {
        private readonly Lock gate = new();
        private RenderStage? stage;
        private int tenth = -1;

        public void Report(RenderProgress value)
        {
            lock (gate)
            {
                var newTenth = (int)(value.Fraction * 10);
                if (value.Stage == stage && newTenth <= tenth)
                    return;
                (stage, tenth) = (value.Stage, newTenth);
                var eta = value.Remaining is { } r ? $", {r.TotalSeconds:0} s left" : "";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Describe(value)}: {newTenth * 10}%{eta}"));
            }
        }
    }
}
