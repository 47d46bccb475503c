using System.Globalization;
using System.Text.Json;
using Mouthpiece.Charts;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// A finished render's sync chart, drawn from its render report: the inner-lip opening the render drew and the
/// speech's loudness against time, each scaled to its range, titled with the score and lag, worded in one language.
/// </summary>
public static class SyncChart
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web);

    /// <summary>What the chart needs from the report; null when the report is missing, unreadable or has no curves.</summary>
    public static async Task<SyncReport?> ReadAsync(string reportPath, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(reportPath);
            var report = await JsonSerializer.DeserializeAsync<SyncReport>(file, ReportJson, cancellationToken);
            return report is { SyncCurves: not null, FramesPerSecond: > 0 } ? report : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static byte[] Png(SyncReport report, Catalog catalog)
    {
        var curves = report.SyncCurves!;
        var title = report.SyncScore is { } score
            ? Codes.Charts.SyncTitle(score.ToString("0.00", CultureInfo.InvariantCulture), (report.SyncLagFrames ?? 0).ToString("+0;-0;0", CultureInfo.InvariantCulture))
            : Codes.Charts.SyncNotMeasured();
        return EvaluationChart.SyncPng(
            catalog.Format(title),
            report.FramesPerSecond,
            [new Curve(catalog.Format(Codes.Charts.DrawnMouth()), Values(curves.Mouth)), new Curve(catalog.Format(Codes.Charts.SpeechLoudness()), Values(curves.Speech))],
            catalog.Format(Codes.Charts.Time()),
            catalog.Format(Codes.Charts.Scaled()));
    }

    private static double[] Values(IReadOnlyList<double?> values) => [.. values.Select(value => value ?? double.NaN)];
}

/// <summary>The part of a render report (<see cref="RenderReport"/>) the sync chart reads.</summary>
public sealed record SyncReport(double FramesPerSecond, double? SyncScore, int? SyncLagFrames, SyncCurves? SyncCurves);
