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
        var audio = new Option<string?>("--audio") { Description = "Speech recording (wav, mp3, m4a, aac, flac, ogg, or a video's sound); or --text/--text-file" };
        var video = new VideoChoice();
        var output = new Option<string>("--output") { Description = "MP4 to write", Required = true };
        var report = new Option<string?>("--report") { Description = "Also write the JSON report here" };
        var faceIndex = new Option<int?>("--face-index") { Description = "Animate this face (0 = leftmost) instead of the main speaker" };
        var engine = CommonOptions.EngineOption();
        var model = CommonOptions.ModelOption();
        var device = CommonOptions.DeviceOption();
        var speech = new SpeechOptions();
        var outputSettings = new OutputOptions();
        var command = new Command("render", "Make the person in a video speak a recording or a script") { audio, video.Video, video.Avatar, output, report, faceIndex, engine, model, device };
        foreach (var option in speech.All.Concat(outputSettings.All))
            command.Options.Add(option);
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var data = CommonOptions.ResolveData(parse);
            var settings = outputSettings.Resolve(parse);
            var person = video.Resolve(parse, data, parse.GetValue(faceIndex)) ?? throw new ProblemException(Codes.Cli.VideoMissing());
            var script = await speech.ScriptAsync(parse, cancel);
            var recording = parse.GetValue(audio);
            if ((recording is null) == (script is null))
                throw new ProblemException(Codes.Cli.SpeechMissing());
            // A script's speech is made in the scratch folder and removed once it is in the video.
            var audioPath = recording ?? Path.Combine(data.Scratch, $"speech-{Guid.NewGuid():N}.wav");
            var request = new SpokenRenderRequest(new RenderRequest(audioPath, person.Path, parse.GetValue(output)!)
            {
                ReportPath = parse.GetValue(report),
                FaceIndex = person.FaceIndex,
                Output = settings,
                VideoHash = person.Hash,
                Engine = CommonOptions.ResolveEngine(parse, engine, model),
                Device = CommonOptions.ResolveDevice(parse, device),
                FaceTrackCacheDirectory = data.FaceTrackCache,
                ScratchDirectory = data.Scratch,
            })
            {
                Script = script,
                TtsService = CommonOptions.ResolveTtsService(parse),
                Subtitles = speech.SubtitleRequest(parse, script is not null),
            };
            try
            {
                if (script is not null)
                    Directory.CreateDirectory(data.Scratch);
                var result = await ShowProgressAsync(progress => SpokenRender.RunAsync(request, progress, cancel));
                var rendered = result.Report;
                Console.WriteLine(rendered.Output);
                foreach (var subtitles in result.Subtitles)
                    Console.WriteLine(subtitles);
                var voice = result.Speech is { } spoken ? $"; voice {spoken.Voice.Name}" : "";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{rendered.Frames} frames ({rendered.DurationSeconds:0.0} s) in {rendered.WallSeconds:0.0} s, {rendered.RenderFramesPerSecond:0.0} fps; face in {rendered.FaceCoverage:P0} of frames; {rendered.Engine} engine, {rendered.Device}{voice}"));
                if (rendered.DeviceFallback is { } fallback)
                    Console.Error.WriteLine(fallback);
                return CommandRunner.Success;
            }
            finally
            {
                if (script is not null)
                    File.Delete(audioPath);
            }
        }));
        return command;
    }

    /// <summary>A live bar with stage, per cent, fps and time left on a terminal; a plain line per 10 % otherwise.</summary>
    private static async Task<T> ShowProgressAsync<T>(Func<IProgress<RenderProgress>, Task<T>> render)
        where T : class
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await render(new PlainRenderProgress());
        T? result = null;
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
        private readonly Lock _gate = new();
        private RenderStage? _stage;
        private int _tenth = -1;

        public void Report(RenderProgress value)
        {
            lock (_gate)
            {
                var newTenth = (int)(value.Fraction * 10);
                if (value.Stage == _stage && newTenth <= _tenth)
                    return;
                (_stage, _tenth) = (value.Stage, newTenth);
                var eta = value.Remaining is { } r ? $", {r.TotalSeconds:0} s left" : "";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Describe(value)}: {newTenth * 10}%{eta}"));
            }
        }
    }
}
