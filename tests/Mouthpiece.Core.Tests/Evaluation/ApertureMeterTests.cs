using System.Numerics;
using Mouthpiece.Core.Tests.Faces.Landmarks;
using Mouthpiece.Evaluation;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Evaluation;

public sealed class ApertureMeterTests : IClassFixture<Scratch>, IDisposable
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private readonly Scratch _scratch;
    private readonly ITestOutputHelper _output;
    private readonly ApertureMeter _meter = new();

    public ApertureMeterTests(Scratch scratch, ITestOutputHelper output)
    {
        _scratch = scratch;
        _output = output;
    }

    public void Dispose() => _meter.Dispose();

    [Fact]
    public async Task Finds_the_face_in_nearly_every_frame_of_a_real_talking_clip_and_sees_the_mouth_move()
    {
        var series = await _meter.MeasureAsync(await MediaProbe.ProbeVideoAsync(Talking));

        var apertures = series.Values.Where(double.IsFinite).ToArray();
        var mean = apertures.Average();
        var deviation = Math.Sqrt(apertures.Average(a => (a - mean) * (a - mean)));
        _output.WriteLine($"frames {series.FrameCount}, coverage {series.FaceCoverage:P1}, aperture {apertures.Min():0.000}..{apertures.Max():0.000}, mean {mean:0.000} sd {deviation:0.000}");
        Assert.Equal(90, series.FrameCount);
        Assert.Equal(30, series.FramesPerSecond);
        Assert.InRange(series.FaceCoverage, 0.95, 1);
        // This man speaks with a small mouth: shut now and then, open to an eighth of his eye distance at most
        // (measured 0.002..0.126, sd 0.018). A meter stuck on one shape or lost in noise fails these bounds.
        Assert.InRange(apertures.Min(), 0, 0.01);
        Assert.InRange(apertures.Max(), 0.08, 0.3);
        Assert.InRange(deviation, 0.01, 0.1);
    }

    [Fact]
    public async Task A_reversed_copy_measures_as_the_forward_series_reversed()
    {
        var reversed = _scratch.Ffmpeg("reversed.mp4", "-i", Talking, "-vf", "reverse", "-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18");

        var forward = await _meter.MeasureAsync(await MediaProbe.ProbeVideoAsync(Talking));
        var backward = await _meter.MeasureAsync(await MediaProbe.ProbeVideoAsync(reversed));

        Assert.Equal(forward.FrameCount, backward.FrameCount);
        var correlation = SyncScore.Pearson(backward.Values, [.. forward.Values.Reverse()]);
        var unreversed = SyncScore.Pearson(backward.Values, forward.Values);
        _output.WriteLine($"reversed vs forward reversed {correlation:0.000}, vs forward as is {unreversed:0.000}");
        // Re-encoding moves landmarks by a pixel here and there, hence not 1. The series against itself
        // unreversed (measured 0.51 on these 3 s) shows how far from symmetric in time the clip is.
        Assert.True(correlation > 0.9, $"reversed frames must give the reversed apertures, r = {correlation:0.000}");
        Assert.True(correlation > unreversed + 0.3, $"the order of frames must matter: {correlation:0.000} vs {unreversed:0.000}");
    }

    [Fact]
    public void A_frame_without_a_face_measures_NaN()
    {
        var grey = new VideoFrame(320, 240);
        grey.Buffer.AsSpan().Fill(128);

        Assert.True(double.IsNaN(_meter.Measure(grey)));
    }

    [Fact]
    public void Detector_boxes_moved_to_dlibs_convention_give_landmarks_nearer_dlibs_own()
    {
        using var detector = new FaceDetector();
        var (convertedTotal, rawTotal) = (0f, 0f);
        foreach (var name in GoldenFace.Names)
        {
            var golden = GoldenFace.Load(name);
            var frame = new VideoFrame(golden.Width, golden.Height);
            frame.Buffer.AsSpan().Fill(128);
            golden.Pixels.AsSpan(0, golden.Width * golden.Height).CopyTo(frame.Y);
            var detected = detector.Detect(frame)[0].Box;

            // Errors in units of the inner-eye-corner distance, so faces of every size weigh the same.
            var unit = Vector2.Distance(golden.ExactPoints[39], golden.ExactPoints[42]);
            var converted = MeanError(LandmarkModel.Shared.Predict(frame, ApertureMeter.ToDlibBox(detected)).Points, golden.ExactPoints) / unit;
            var raw = MeanError(LandmarkModel.Shared.Predict(frame, detected).Points, golden.ExactPoints) / unit;
            _output.WriteLine($"{name}: mean landmark error {converted:P1} with the converted box, {raw:P1} with the detector's");
            Assert.True(converted < 0.03, $"{name}: mean error {converted:P1} of the inner-eye distance");
            convertedTotal += converted;
            rawTotal += raw;
        }
        Assert.True(convertedTotal < 0.85 * rawTotal, $"the converted box must clearly beat the detector's: {convertedTotal:0.000} vs {rawTotal:0.000}");
    }

    private static float MeanError(Vector2[] points, Vector2[] expected) =>
        points.Zip(expected, Vector2.Distance).Average();
}
