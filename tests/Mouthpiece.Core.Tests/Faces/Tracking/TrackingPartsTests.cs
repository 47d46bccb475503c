using Mouthpiece.Core.Tests.Faces.Detection;
using Mouthpiece.Core.Tests.Faces.Landmarks;
using Mouthpiece.Faces;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

// The tracker's internal parts, each against what it is meant to decide.
[Collection(VideoTracking.Name)]
public sealed class TrackingPartsTests(ITestOutputHelper output)
{
    // dlib's detector box, drawn again from dlib's own points on the golden fixtures. Measured overlap:
    // 0.93 talking, 0.91 landscape, 0.83 astronaut, 0.76 woman (her chin touches the frame's bottom edge).
    [Theory]
    [InlineData("astronaut")]
    [InlineData("talking")]
    [InlineData("woman")]
    [InlineData("landscape")]
    public void Box_from_landmarks_overlaps_the_dlib_detector_box(string name)
    {
        var golden = GoldenFace.Load(name);

        var box = LandmarkBox.FromLandmarks(new FaceLandmarks(golden.ExactPoints));

        var overlap = box.IntersectionOverUnion(golden.Box);
        output.WriteLine($"{name}: overlap {overlap:F3}");
        Assert.InRange(overlap, 0.75f, 1f);
    }

    [Fact]
    public void Main_speaker_does_not_hop_between_faces_of_similar_size()
    {
        var speaker = new MainSpeaker();
        Assert.Equal(0, speaker.Update([110, 100]));

        // The other face is now and then a little larger, as boxes breathe from frame to frame.
        for (var frame = 0; frame < 300; frame++)
            Assert.Equal(0, speaker.Update(frame % 2 == 0 ? [100, 120] : [110, 100]));
    }

    [Fact]
    public void Main_speaker_is_waited_for_through_a_short_loss_and_replaced_after_a_long_one()
    {
        var speaker = new MainSpeaker();
        for (var frame = 0; frame < 60; frame++)
            speaker.Update([200, 100]);

        var duringShortLoss = Enumerable.Range(0, 5).Select(_ => speaker.Update([0, 100])).ToList();
        for (var frame = 0; frame < 60; frame++)
            speaker.Update([200, 100]);
        int? afterLongLoss = null;
        for (var frame = 0; frame < 60; frame++)
            afterLongLoss = speaker.Update([0, 100]);

        Assert.All(duringShortLoss, chosen => Assert.Equal(0, chosen));
        Assert.Equal(1, afterLongLoss);
    }

    [Fact]
    public void A_clearly_larger_face_that_stays_takes_over()
    {
        var speaker = new MainSpeaker();
        for (var frame = 0; frame < 30; frame++)
            Assert.Equal(0, speaker.Update([100]));

        var chosen = Enumerable.Range(0, 60).Select(_ => speaker.Update([100, 300])).ToList();

        Assert.Equal(0, chosen[0]);
        Assert.Equal(1, chosen[^1]);
    }

    [Fact]
    public void A_face_found_again_where_a_lost_one_was_gets_its_number_back()
    {
        var numbering = new FaceNumbering();
        var left = numbering.Assign(new FaceBox(0, 0, 100, 100, 1), []);
        var right = numbering.Assign(new FaceBox(300, 0, 100, 100, 1), [left]);

        var foundAgain = numbering.Assign(new FaceBox(320, 10, 100, 100, 1), [left]);
        var stranger = numbering.Assign(new FaceBox(600, 0, 100, 100, 1), [left, right]);
        var besideTheFollowedOne = numbering.Assign(new FaceBox(10, 0, 100, 100, 1), [left, right, stranger]);

        Assert.Equal((0, 1), (left, right));
        Assert.Equal(right, foundAgain);
        Assert.Equal(2, stranger);
        Assert.Equal(3, besideTheFollowedOne);
    }

    // The loss threshold in FollowedFace is 0.6: a real talking head must stay well above it, frame to frame.
    [Fact]
    public async Task Appearance_of_a_talking_head_stays_correlated_and_a_grey_frame_does_not_correlate()
    {
        var info = await MediaProbe.ProbeVideoAsync(TestData.File("media", "talking-3s.mp4"));
        await using var reader = RawVideoReader.Open(info);
        var frame = new VideoFrame(reader.Width, reader.Height);
        using var tracker = new FaceTracker(LandmarkModel.Shared, reader.FramesPerSecond);
        AppearancePatch previous = new(), current = new();
        var correlations = new List<float>();
        FaceLandmarks? last = null;
        while (await reader.ReadAsync(frame))
        {
            last = tracker.Track(frame)!.Landmarks;
            current.Sample(frame, last);
            if (frame.Index > 0)
                correlations.Add(current.CorrelationWith(previous));
            (previous, current) = (current, previous);
        }
        var grey = new AppearancePatch();
        grey.Sample(FaceFrames.Grey(reader.Width, reader.Height), last!);

        output.WriteLine($"frame-to-frame correlation: min {correlations.Min():F3}, mean {correlations.Average():F3}");
        Assert.InRange(correlations.Min(), 0.85f, 1f);
        Assert.Equal(0, grey.CorrelationWith(previous));
    }
}
