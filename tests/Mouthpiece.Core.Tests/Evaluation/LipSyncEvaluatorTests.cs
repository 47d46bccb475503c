using Mouthpiece.Evaluation;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Evaluation;

public sealed class LipSyncEvaluatorTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string Speech = TestData.File("media", "speech-en-3s.wav");
    private readonly Scratch _scratch;

    public LipSyncEvaluatorTests(Scratch scratch) => _scratch = scratch;

    [Fact]
    public async Task A_real_recording_is_its_own_perfect_truth()
    {
        var evaluation = await LipSyncEvaluator.EvaluateAsync(Talking, truthPath: Talking);

        var report = evaluation.Report;
        Assert.Equal(Talking, report.Video);
        Assert.Equal(Talking, report.Audio);
        Assert.Equal(90, report.Frames);
        Assert.Equal(90, evaluation.Envelope.Count);
        Assert.InRange(report.Lag, -SyncScore.EnvelopeMaxLag, SyncScore.EnvelopeMaxLag);
        Assert.InRange(report.Score, -1, 1);
        Assert.Equal(1, report.TruthScore!.Value, 9);
        Assert.Equal(0, report.TruthLag);
        Assert.Equal(report.FaceCoverage, report.TruthFaceCoverage);
    }

    [Fact]
    public async Task Reversed_frames_score_well_below_the_real_mouth_in_the_truth_test()
    {
        var reversed = _scratch.Ffmpeg("reversed.mp4", "-i", Talking, "-vf", "reverse", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "copy");

        var evaluation = await LipSyncEvaluator.EvaluateAsync(reversed, Speech, Talking);

        // On the 19.6 s original, reversal scores about 0; these 3 s happen to look alike both ways (0.55).
        Assert.Equal(Speech, evaluation.Report.Audio);
        Assert.InRange(evaluation.Report.TruthScore!.Value, -1, 0.7);
    }

    [Fact]
    public void The_report_round_trips_through_JSON_and_leaves_out_an_absent_truth()
    {
        var report = new EvaluationReport("out.mp4", "speech.wav", 90, 30, 0.98, 0.46, 2);

        var json = report.ToJson();

        Assert.Contains("\"faceCoverage\": 0.98", json, StringComparison.Ordinal);
        Assert.DoesNotContain("truth", json, StringComparison.Ordinal);
        Assert.Equal(report, EvaluationReport.FromJson(json));
        var withTruth = report with { Truth = "real.mp4", TruthScore = 0.61, TruthLag = -1, TruthFaceCoverage = 1 };
        Assert.Equal(withTruth, EvaluationReport.FromJson(withTruth.ToJson()));
    }

    [Fact]
    public async Task A_video_without_a_face_is_refused_with_a_reason()
    {
        var noFace = _scratch.Ffmpeg("pattern.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=300:duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest");

        var error = await Assert.ThrowsAsync<MediaInputException>(() => LipSyncEvaluator.EvaluateAsync(noFace));

        Assert.Equal(noFace, error.FilePath);
        Assert.Equal("input.no_face_to_measure", error.Problem.Code);
    }

    [Fact]
    public async Task A_video_without_sound_needs_an_audio_file()
    {
        var silent = TestData.File("media", "portrait-silent-2s.mp4");

        var error = await Assert.ThrowsAsync<MediaInputException>(() => LipSyncEvaluator.EvaluateAsync(silent));

        Assert.Equal("input.no_audio", error.Problem.Code);
    }
}
