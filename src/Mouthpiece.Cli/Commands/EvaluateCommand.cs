using System.CommandLine;
using System.Globalization;
using Mouthpiece.Charts;
using Mouthpiece.Evaluation;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Commands;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var video = new Option<string>("--video") { Description = "Video to measure, usually a render", Required = true };
        var audio = new Option<string?>("--audio") { Description = "Speech to compare the mouth with (default: the video's own audio track)" };
        var truth = new Option<string?>("--truth") { Description = "The real recording the video was made from: also compare mouths frame by frame" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var chart = new Option<string?>("--chart") { Description = "Write a PNG chart of the curves here" };
        var command = new Command("evaluate", "Measure lip sync: mouth opening against the speech, and against a real recording")
        {
            video, audio, truth, json, chart,
        };
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            var evaluation = await LipSyncEvaluator.EvaluateAsync(parse.GetValue(video)!, parse.GetValue(audio), parse.GetValue(truth), cancel);
            if (parse.GetValue(chart) is { } chartPath)
                await WriteChartAsync(evaluation, chartPath, cancel);
            Console.WriteLine(parse.GetValue(json) ? evaluation.Report.ToJson() : Describe(evaluation.Report, parse.GetValue(chart)));
            return CommandRunner.Success;
        }));
        return command;
    }

    private static Task WriteChartAsync(LipSyncEvaluation evaluation, string path, CancellationToken cancel) =>
        OutputFile.WriteAsync(path, partial =>
        {
            EvaluationChart.Write(evaluation, partial);
            return Task.CompletedTask;
        }, cancel);

    private static string Describe(EvaluationReport report, string? chartPath)
    {
        var lines = new List<string>
        {
            report.Video,
            Line("frames", $"{report.Frames} at {report.FramesPerSecond:0.##} fps, a face in {report.FaceCoverage:0.#%}"),
            Line("sync", $"{report.Score:0.000} at lag {report.Lag:+0;-0;0} frames (mouth opening vs loudness of {report.Audio})"),
        };
        if (report.TruthScore is { } truthScore)
        {
            lines.Add(Line("truth", $"{truthScore:0.000} at lag {report.TruthLag:+0;-0;0} frames (mouth vs the real mouth in {report.Truth}, a face in {report.TruthFaceCoverage:0.#%})"));
        }
        if (chartPath is not null)
            lines.Add(Line("chart", $"{chartPath}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Line(string label, FormattableString value) => $"  {label,-8} {value.ToString(CultureInfo.InvariantCulture)}";
}
