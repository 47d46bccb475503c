using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Evaluation;

/// <summary>A finished evaluation: the report and the per-frame curves behind it.</summary>
/// <param name="Report">The scores.</param>
/// <param name="Aperture">The video's mouth aperture.</param>
/// <param name="Envelope">The speech level per video frame, in dB.</param>
/// <param name="TruthAperture">The real recording's mouth aperture, when one was given.</param>
public sealed record LipSyncEvaluation(EvaluationReport Report, ApertureSeries Aperture, IReadOnlyList<double> Envelope, ApertureSeries? TruthAperture);

/// <summary>Runs the measures of docs/ARCHITECTURE.md §5 on a video: its mouth against a speech track, and optionally against a real recording's mouth.</summary>
public static class LipSyncEvaluator
{
    /// <param name="videoPath">The video to measure, usually a render.</param>
    /// <param name="audioPath">The speech to compare with; null uses the video's own audio track.</param>
    /// <param name="truthPath">A real recording of the same speech to compare mouths with (the truth test), or null.</param>
    /// <exception cref="MediaInputException">An input cannot be used, or the video shows no face at all.</exception>
    public static async Task<LipSyncEvaluation> EvaluateAsync(
        string videoPath, string? audioPath = null, string? truthPath = null, CancellationToken cancellationToken = default)
    {
        // Probe and decode the cheap things first, so that a bad file fails before any frame is measured.
        var video = await MediaProbe.ProbeVideoAsync(videoPath, cancellationToken);
        var audio = audioPath is null ? video : await MediaProbe.ProbeAudioAsync(audioPath, cancellationToken);
        var truth = truthPath is null ? null : await MediaProbe.ProbeVideoAsync(truthPath, cancellationToken);
        using var pcm = await AudioDecoder.DecodeMonoAsync(audio, cancellationToken: cancellationToken);

        using var meter = new ApertureMeter();
        var aperture = RequireFace(await meter.MeasureAsync(video, cancellationToken: cancellationToken), videoPath);
        var truthAperture = truth is null
            ? null
            : RequireFace(await meter.MeasureAsync(truth, aperture.FramesPerSecond, cancellationToken), truth.Path);

        var envelope = SpeechEnvelope.PerFrame(pcm.Span, AudioDecoder.AnalysisSampleRate, aperture.FramesPerSecond, aperture.FrameCount);
        var sync = SyncScore.BestLag(aperture.Values, envelope, SyncScore.EnvelopeMaxLag);
        var truthSync = truthAperture is null ? (LaggedCorrelation?)null : SyncScore.BestLag(aperture.Values, truthAperture.Values, SyncScore.TruthMaxLag);
        var report = new EvaluationReport(
            video.Path, audio.Path, aperture.FrameCount, aperture.FramesPerSecond, aperture.FaceCoverage, sync.Correlation, sync.Lag,
            truth?.Path, truthSync?.Correlation, truthSync?.Lag, truthAperture?.FaceCoverage);
        return new LipSyncEvaluation(report, aperture, envelope, truthAperture);
    }

    private static ApertureSeries RequireFace(ApertureSeries series, string path) =>
        series.FaceCoverage > 0
            ? series
            : throw new MediaInputException(path, series.FrameCount == 0 ? Codes.Inputs.NothingToMeasure() : Codes.Inputs.NoFaceToMeasure());
}
