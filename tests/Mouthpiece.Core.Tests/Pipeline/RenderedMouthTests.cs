using Mouthpiece.Audio;
using Mouthpiece.Evaluation;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

/// <summary>
/// The mouth in the output, measured by the independent meter of <c>mouthpiece evaluate</c>, does what the
/// speech asks: it follows the mouth track, and it scores against the speech as a real talking mouth does.
/// </summary>
public sealed class RenderedMouthTests : IClassFixture<RenderedMouthTests.Rendered>
{
    private readonly Rendered _rendered;

    public RenderedMouthTests(Rendered rendered)
    {
        _rendered = rendered;
    }

    [Fact]
    public void Apertures_measured_on_the_output_follow_the_mouth_track()
    {
        var openness = _rendered.Track.Select(shape => shape.Closed ? 0.0 : shape.Openness).ToArray();

        var correlation = SyncScore.BestLag(_rendered.Evaluation.Aperture.Values, openness, 1);

        Assert.True(correlation.Correlation >= 0.8, $"measured aperture vs mouth track: {correlation}");
    }

    [Fact]
    public void The_output_speaks_the_foreign_speech_as_a_real_mouth_would()
    {
        var report = _rendered.Evaluation.Report;

        Assert.True(report.Score >= 0.5, $"sync score {report.Score:0.00} at lag {report.Lag}");
        Assert.InRange(report.Lag, -2, 2);
        Assert.Equal(1.0, report.FaceCoverage, 2);
    }

    [Fact]
    public void The_render_report_scores_the_drawn_mouth_as_evaluate_scores_the_video()
    {
        Assert.NotNull(_rendered.Report.SyncScore);
        Assert.Equal(_rendered.Evaluation.Report.Score, _rendered.Report.SyncScore!.Value, 0.15);
    }

    /// <summary>One render of the talking clip with speech that is not its own, shared by the tests above.</summary>
    public sealed class Rendered : IAsyncLifetime, IDisposable
    {
        private readonly Scratch _scratch = new();

        public MouthShape[] Track { get; private set; } = [];

        public RenderReport Report { get; private set; } = null!;

        public LipSyncEvaluation Evaluation { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var speech = TestData.File("media", "speech-en-3s.wav");
            var request = new RenderRequest(speech, TestData.File("media", "talking-3s.mp4"), _scratch.File("out.mp4"));
            Report = await RenderPipeline.RunAsync(request);
            using (var pcm = await AudioDecoder.DecodeMonoAsync(await MediaProbe.ProbeAudioAsync(speech)))
                Track = MouthTrackBuilder.Build(pcm.Span, 30);
            Evaluation = await LipSyncEvaluator.EvaluateAsync(request.OutputPath, speech);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _scratch.Dispose();
    }
}
