using System.Numerics;
using Mouthpiece.Core.Tests.Faces.Detection;
using Mouthpiece.Core.Tests.Faces.Landmarks;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Tracking;
using Mouthpiece.Media;
using Xunit.Abstractions;

namespace Mouthpiece.Core.Tests.Faces.Tracking;

[Collection(VideoTracking.Name)]
public sealed class FaceTrackerTests(ITestOutputHelper output, Scratch scratch) : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");

    [Fact]
    public async Task Finds_the_face_in_every_frame_of_a_talking_clip_detecting_on_one_frame_in_thirty()
    {
        var clip = await TrackedClip.RunAsync(Talking);

        output.WriteLine(clip.Timing);
        Assert.Equal(90, clip.Faces.Count);
        Assert.All(clip.Faces, face => Assert.NotNull(face));
        Assert.InRange(clip.Statistics.DetectionFrames, 1, 90 / 30);
        Assert.All(clip.Faces, face => Assert.InRange(face!.Landmarks.InterOcularDistance, 80, 160));
    }

    // The first frame repeated for 2 s, with fresh sensor-like noise on every frame (x264 alone leaves the
    // frames nearly equal). Measured in inter-ocular units per frame: raw predictor mean 0.022, max 0.095;
    // smoothed mean 0.004, max 0.028 (3 px at this face size). Bound: mean under 0.01, max under 0.05,
    // and smoothing must at least halve the mean.
    [Fact]
    public async Task Mouth_points_of_a_still_head_move_under_a_hundredth_of_the_eye_distance_per_frame()
    {
        var still = MakeStillClip();

        var smoothed = (await TrackedClip.RunAsync(still)).MouthMovement();
        var raw = (await TrackedClip.RunAsync(still, new FaceTrackerOptions { Smoothing = Unsmoothed })).MouthMovement();

        output.WriteLine($"mouth movement per frame in inter-ocular units: smoothed mean {smoothed.Average():F4} max {smoothed.Max():F4}; " +
            $"raw mean {raw.Average():F4} max {raw.Max():F4}");
        Assert.Equal(59 * 20, smoothed.Count);
        Assert.InRange(smoothed.Average(), 0, 0.01);
        Assert.InRange(smoothed.Max(), 0, 0.05);
        Assert.InRange(smoothed.Average(), 0, raw.Average() / 2);
    }

    // Ten frames without a face spliced in. On grey the predictor's shape shrinks by a fifth (a lost track by
    // scale); on noise it keeps a plausible size and shape, and only the look of the face gives the loss away.
    [Theory]
    [InlineData("grey", "drawbox=x=0:y=0:w=iw:h=ih:color=gray:t=fill:enable='between(n,40,49)'")]
    [InlineData("noise", "drawbox=x=0:y=0:w=iw:h=ih:color=gray:t=fill:enable='between(n,40,49)',noise=alls=100:allf=t+u:enable='between(n,40,49)'")]
    public async Task Frames_without_a_face_have_none_and_the_face_is_found_again_on_the_first_frame_after_them(string name, string filter)
    {
        var spliced = scratch.Ffmpeg($"{name}-40-49.mp4", "-i", Talking, "-an", "-vf", filter, "-c:v", "libx264", "-crf", "18");

        var clip = await TrackedClip.RunAsync(spliced);

        output.WriteLine(clip.Timing);
        for (var frame = 0; frame < clip.Faces.Count; frame++)
        {
            var faceless = frame is >= 40 and <= 49;
            Assert.True(faceless == clip.Faces[frame] is null, $"frame {frame}: {(faceless ? "no face in it, yet a face found" : "face not found")}");
        }
    }

    // A hard cut from the talking man to another man (portrait-silent-2s) at frame 45, in the middle of a
    // detection interval: the tracker must drop the first face at the cut rather than follow its box onto
    // the second, and from the cut on give what a tracker given only the second shot gives.
    [Fact]
    public async Task Starts_over_at_a_cut_to_another_person()
    {
        const string SecondShot = "fps=30,scale=-2:480,pad=512:480:(ow-iw)/2:0,trim=end_frame=45,setpts=PTS-STARTPTS,setsar=1";
        var portrait = TestData.File("media", "portrait-silent-2s.mp4");
        var cut = scratch.Ffmpeg("cut.mp4", "-i", Talking, "-i", portrait, "-filter_complex",
            $"[0:v]fps=30,trim=end_frame=45,setpts=PTS-STARTPTS,setsar=1[a];[1:v]{SecondShot}[b];[a][b]concat=n=2:v=1[out]",
            "-map", "[out]", "-c:v", "libx264", "-crf", "18");
        var secondAlone = scratch.Ffmpeg("second-shot.mp4", "-i", portrait, "-vf", SecondShot, "-c:v", "libx264", "-crf", "18");

        var tracked = await TrackedClip.RunAsync(cut);
        var reference = await TrackedClip.RunAsync(secondAlone);

        var afterCut = tracked with { Faces = tracked.Faces.Skip(45).ToList() };
        var distance = LargestEyeLag(afterCut, reference);
        output.WriteLine($"after the cut, eyes within {distance:F3} inter-ocular units of the second shot tracked alone; {tracked.Timing}");
        Assert.Equal(90, tracked.Faces.Count);
        Assert.All(tracked.Faces, face => Assert.NotNull(face));
        Assert.InRange(distance, 0, 0.1);
        // Every 30 frames from 0 and 45, the cut: 0, 30, 45 (the loss) and 75.
        Assert.Equal(4, tracked.Statistics.DetectionFrames);
    }

    // The woman's still picture, smaller, on the left; the talking man on the right.
    [Theory]
    [InlineData(null, 1)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public async Task Main_speaker_is_the_larger_face_and_a_face_index_picks_a_face_left_to_right(int? faceIndex, int expectedFace)
    {
        var clip = await TrackedClip.RunAsync(MakeTwoFaceClip(), new FaceTrackerOptions { FaceIndex = faceIndex });

        output.WriteLine(clip.Timing);
        Assert.All(clip.Faces, face =>
        {
            Assert.NotNull(face);
            Assert.Equal(expectedFace, face.FaceIndex);
            var eyes = (face.Landmarks.LeftEyeCenter + face.Landmarks.RightEyeCenter) / 2;
            Assert.InRange(eyes.X, expectedFace == 0 ? 0 : 512, expectedFace == 0 ? 512 : 1024);
        });
    }

    [Fact]
    public async Task A_face_index_beyond_the_faces_in_the_video_gives_no_face()
    {
        var clip = await TrackedClip.RunAsync(MakeTwoFaceClip(), new FaceTrackerOptions { FaceIndex = 2 });

        Assert.All(clip.Faces, face => Assert.Null(face));
    }

    // The talking clip at half size slides across a grey canvas at 12 px a frame (360 px/s, three face
    // widths a second). Measured: smoothed eyes trail the raw ones by at most 0.094 eye distances (6 px),
    // where a plain 1 Hz low-pass trails by a whole eye distance.
    [Fact]
    public async Task Follows_a_fast_moving_face_without_lag()
    {
        var moving = scratch.Ffmpeg("moving.mp4", "-f", "lavfi", "-i", "color=c=gray:s=640x360:r=30", "-i", Talking,
            "-filter_complex", "[1:v]scale=256:240[face];[0:v][face]overlay=x='min(max(0,(n-20)*12),384)':y=60:shortest=1",
            "-an", "-c:v", "libx264", "-crf", "18");

        var smoothed = await TrackedClip.RunAsync(moving);
        var raw = await TrackedClip.RunAsync(moving, new FaceTrackerOptions { Smoothing = Unsmoothed });
        var lowPass = await TrackedClip.RunAsync(moving, new FaceTrackerOptions { Smoothing = OneEuroOptions.Landmarks with { Beta = 0 } });

        Assert.All(smoothed.Faces, face => Assert.NotNull(face));
        var lag = LargestEyeLag(smoothed, raw);
        var lowPassLag = LargestEyeLag(lowPass, raw);
        output.WriteLine($"largest eye lag during the move: One-Euro {lag:F3}, fixed 1 Hz low-pass {lowPassLag:F3} inter-ocular units; {smoothed.Timing}");
        Assert.InRange(lag, 0, 0.12);
        Assert.True(lowPassLag > 5 * lag, "the fixed low-pass should lag far more, or the clip does not move fast");
    }

    [Fact]
    public void Frames_must_come_in_order()
    {
        using var tracker = new FaceTracker(LandmarkModel.Shared, 30);
        var frame = FaceFrames.Load("talking-man-512x480.jpg");
        frame.Index = 5;
        Assert.NotNull(tracker.Track(frame));

        Assert.Throws<ArgumentException>(() => tracker.Track(frame));
    }

    [Theory]
    [InlineData(0, null, 30)]
    [InlineData(10, -1, 30)]
    [InlineData(10, null, 0)]
    [InlineData(10, null, double.NaN)]
    public void Settings_out_of_range_are_refused(int detectEvery, int? faceIndex, double framesPerSecond)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new FaceTracker(LandmarkModel.Shared, framesPerSecond, new FaceTrackerOptions { DetectEvery = detectEvery, FaceIndex = faceIndex }));
    }

    [Fact]
    public async Task Tracking_a_whole_video_gives_the_frame_by_frame_answers()
    {
        var info = await MediaProbe.ProbeVideoAsync(Talking);

        var track = await FaceTracker.TrackVideoAsync(info, LandmarkModel.Shared);
        var clip = await TrackedClip.RunAsync(Talking);

        Assert.Equal(30, track.FramesPerSecond);
        Assert.Equal(clip.Faces.Count, track.FrameCount);
        for (var frame = 0; frame < track.FrameCount; frame++)
            Assert.Equal(clip.Faces[frame]!.Landmarks.Points, track[frame]!.Points);
    }

    [Fact]
    public void The_result_key_names_what_changes_the_track_and_not_the_thread_count()
    {
        var options = new FaceTrackerOptions();

        Assert.Equal(options.ResultKey, (options with { Detector = new FaceDetectorOptions { Threads = 2 } }).ResultKey);
        Assert.NotEqual(options.ResultKey, (options with { FaceIndex = 0 }).ResultKey);
        Assert.NotEqual(options.ResultKey, (options with { DetectEvery = 5 }).ResultKey);
        Assert.NotEqual(options.ResultKey, (options with { Detector = new FaceDetectorOptions { ModelPath = NativeAssets.BlazeFaceFrontModel } }).ResultKey);
    }

    // A cutoff far above the frame rate: the filter passes every sample through.
    private static OneEuroOptions Unsmoothed { get; } = new(MinCutoff: 1e6, Beta: 0, DerivativeCutoff: 1);

    private string MakeStillClip()
    {
        var first = scratch.Ffmpeg("first.png", "-i", Talking, "-frames:v", "1");
        return scratch.Ffmpeg("still.mp4", "-loop", "1", "-framerate", "30", "-i", first, "-frames:v", "60",
            "-vf", "noise=alls=6:allf=t,format=yuv420p", "-c:v", "libx264", "-crf", "18");
    }

    private string MakeTwoFaceClip()
    {
        var woman = TestData.File("faces", "woman-square-512.jpg");
        return scratch.Ffmpeg("two-faces.mp4", "-loop", "1", "-framerate", "30", "-i", woman, "-i", Talking, "-filter_complex",
            "[0:v]scale=300:300,pad=512:480:106:90,format=yuv420p,setsar=1[left];[1:v]format=yuv420p,setsar=1[right];[left][right]hstack=shortest=1",
            "-frames:v", "90", "-an", "-c:v", "libx264", "-crf", "18");
    }

    private static float LargestEyeLag(TrackedClip clip, TrackedClip reference) =>
        clip.Faces.Zip(reference.Faces).Max(pair =>
            Vector2.Distance(EyeMiddle(pair.First!), EyeMiddle(pair.Second!)) / pair.Second!.Landmarks.InterOcularDistance);

    private static Vector2 EyeMiddle(TrackedFace face) => (face.Landmarks.LeftEyeCenter + face.Landmarks.RightEyeCenter) / 2;
}
