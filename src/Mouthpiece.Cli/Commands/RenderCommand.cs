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
            var audioInfo = await MediaProbe.ProbeAudioAsync(request.AudioPath, cancel);
            var videoInfo = await MediaProbe.ProbeVideoAsync(request.VideoPath, cancel);
            await SpeechWarnings.PrintAsync([request.AudioPath], cancel);
            Directory.CreateDirectory(data.Root);
            var estimator = new ProgressEstimator(Throughput.Open(data.ThroughputFile), WorkSize.ForRender(audioInfo, videoInfo, request.Policy));
            var tracker = new RenderTracker(estimator);
            var result = await ShowProgressAsync(tracker, progress => RenderPipeline.RunAsync(request, progress, cancel));
            Console.WriteLine(result.Output);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Frames} frames ({result.DurationSeconds:0.0} s) in {result.WallSeconds:0.0} s, {result.RenderFramesPerSecond:0.0} fps; face in {result.FaceCoverage:P0} of frames"));
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>
    /// A live bar with stage, per cent and time left on a terminal; a plain line per stage and ten per cent otherwise.
    /// Both show the job system's estimator, refreshed twice a second so stages without frames of their own move too.
    /// </summary>
    private static async Task<RenderReport> ShowProgressAsync(RenderTracker tracker, Func<IProgress<RenderProgress>, Task<RenderReport>> render)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await WithRefreshAsync(tracker, render, new PlainLines().Show);
        RenderReport? result = null;
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

    private static async Task<RenderReport> WithRefreshAsync(RenderTracker tracker, Func<IProgress<RenderProgress>, Task<RenderReport>> render, Action<RenderView> show)
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
