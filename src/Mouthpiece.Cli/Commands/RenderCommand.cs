using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Scheduling;
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
            var speechSeconds = WorkSize.SpeechSeconds(recording is null ? null : await MediaProbe.ProbeAudioAsync(recording, cancel), script);
            var videoInfo = await MediaProbe.ProbeVideoAsync(request.Render.VideoPath, cancel);
            if (recording is not null)
                await SpeechWarnings.PrintAsync([recording], cancel);
            Directory.CreateDirectory(data.Root);
            var estimator = new ProgressEstimator(Throughput.Open(data.ThroughputFile), WorkSize.ForRender(speechSeconds, videoInfo, request.Render.Policy));
            var tracker = new RenderTracker(estimator);
            try
            {
                if (script is not null)
                    Directory.CreateDirectory(data.Scratch);
                var result = await ShowProgressAsync(tracker, progress => SpokenRender.RunAsync(request, progress, cancel));
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

    /// <summary>
    /// A live bar with stage, per cent and time left on a terminal; a plain line per stage and ten per cent otherwise.
    /// Both show the job system's estimator, refreshed twice a second so stages without frames of their own move too.
    /// </summary>
    private static async Task<T> ShowProgressAsync<T>(RenderTracker tracker, Func<IProgress<RenderProgress>, Task<T>> render)
        where T : class
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await WithRefreshAsync(tracker, render, new PlainLines().Show);
        T? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Localized.Text(Codes.Stages.Probing()), maxValue: 100);
                result = await WithRefreshAsync(tracker, render, view =>
                {
                    task.Description = view.Describe();
                    task.Value = view.Percent;
                });
                task.Value = 100;
            });
        return result!;
    }

    private static async Task<T> WithRefreshAsync<T>(RenderTracker tracker, Func<IProgress<RenderProgress>, Task<T>> render, Action<RenderView> show)
    {
        var gate = new Lock();
        void Show()
        {
            lock (gate)
                show(tracker.View());
        }
        using var stop = new CancellationTokenSource();
        var refresh = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                Show();
        }, CancellationToken.None);
        try
        {
            var report = await render(new ReportingProgress(value =>
            {
                tracker.Report(value);
                Show();
            }));
            tracker.Complete();
            Show();
            return report;
        }
        finally
        {
            await stop.CancelAsync();
            await refresh.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The render's last report and the estimator, under one lock: reports come from the encoder's thread, refreshes from a timer.</summary>
    private sealed class RenderTracker(ProgressEstimator estimator)
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private RenderProgress _last = new(RenderStage.Probing, 0, 0);

        public void Report(RenderProgress value)
        {
            lock (_gate)
            {
                estimator.Enter(ProgressEstimator.StageOf(value.Stage), _clock.Elapsed.TotalSeconds);
                _last = value;
            }
        }

        public RenderView View()
        {
            lock (_gate)
            {
                var fraction = _last.Stage == RenderStage.Rendering ? _last.Fraction : (double?)null;
                var estimate = estimator.Update(_clock.Elapsed.TotalSeconds, fraction);
                return new RenderView(_last, estimate.Percent, estimate.Remaining);
            }
        }

        /// <summary>The render ended well: what its stages took teaches this machine's throughput.</summary>
        public void Complete()
        {
            lock (_gate)
                estimator.Complete(_clock.Elapsed.TotalSeconds);
        }
    }

    private sealed record RenderView(RenderProgress Last, double Percent, TimeSpan Remaining)
    {
        /// <summary>"rendering · 0:42 left · 31.5 fps", in the terminal's language.</summary>
        public string Describe()
        {
            var text = Localized.Text(Codes.Waiting.Running(Last.StageMessage, Remaining.TotalSeconds));
            return Last.Stage == RenderStage.Rendering ? string.Create(CultureInfo.InvariantCulture, $"{text} · {Last.FramesPerSecond:0.0} fps") : text;
        }
    }

    /// <summary>For logs and pipes: one line when the stage changes and every ten per cent.</summary>
    private sealed class PlainLines
    {
        private RenderStage? _stage;
        private int _tenth = -1;

        public void Show(RenderView view)
        {
            var tenth = (int)(view.Percent / 10);
            if (view.Last.Stage == _stage && tenth <= _tenth)
                return;
            (_stage, _tenth) = (view.Last.Stage, tenth);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Describe()} · {view.Percent:0}%"));
        }
    }

    /// <summary>Reports on the caller's thread (the encoder's), not posted to the thread pool, so no report comes after the render ends.</summary>
    private sealed class ReportingProgress(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}
