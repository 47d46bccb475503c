using Mouthpiece.Faces.Detection;
using Mouthpiece.Faces.Landmarks;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Core.Tests.Pipeline;

/// <summary>Whole renders of the small fixtures, checked with ffprobe and by decoding the output.</summary>
public sealed class RenderPipelineTests : IClassFixture<Scratch>
{
    private static readonly string Talking = TestData.File("media", "talking-3s.mp4");
    private static readonly string SpeechEn = TestData.File("audio", "tts-en.wav");
    private readonly Scratch _scratch;

    public RenderPipelineTests(Scratch scratch)
    {
        _scratch = scratch;
    }

    private RenderRequest Request(string audio, string video, string name) =>
        new(audio, video, _scratch.File(name)) { ScratchDirectory = _scratch.File("tmp") };

    [Fact]
    public async Task Speech_longer_than_the_video_plays_it_back_and_forth_for_the_whole_speech()
    {
        var request = Request(SpeechEn, Talking, "long.mp4");

        var report = await RenderPipeline.RunAsync(request);

        var output = await MediaProbe.ProbeAsync(request.OutputPath);
        var speech = await MediaProbe.ProbeAsync(SpeechEn);
        Assert.Equal(speech.Duration.TotalSeconds, output.Duration.TotalSeconds, 1.0 / 30 + 0.03);
        Assert.Equal(("h264", "yuv420p", 512, 480), (output.Video!.Codec, output.Video.PixelFormat, output.Video.Width, output.Video.Height));
        Assert.Equal("aac", output.Audio!.Codec);
        Assert.Equal(90, report.SourceFrames);
        Assert.True(report.Frames > 90);
        Assert.Equal(1.0, report.FaceCoverage, 2);
        Media.MediaAssert.IsFastStart(request.OutputPath);
        Media.MediaAssert.NoPartialLeft(request.OutputPath);
        Assert.Empty(Directory.GetFiles(_scratch.File("tmp")));
    }

    [Fact]
    public async Task Speech_shorter_than_the_video_stops_at_the_end_of_the_speech()
    {
        var speech = _scratch.Ffmpeg("short.wav", "-i", SpeechEn, "-t", "1.5");
        var request = Request(speech, Talking, "short.mp4");

        var report = await RenderPipeline.RunAsync(request);

        var output = await MediaProbe.ProbeAsync(request.OutputPath);
        Assert.Equal(1.5, output.Duration.TotalSeconds, 0.07);
        Assert.Equal(45, report.Frames);
    }

    [Fact]
    public async Task Adts_speech_whose_header_understates_its_length_renders_for_the_length_it_decodes_to()
    {
        // Loud speech then silence: ADTS has no duration field, and ffprobe's estimate from the first frames' bit rate falls short.
        var speech = _scratch.Ffmpeg("speech-then-silence.aac",
            "-i", TestData.File("media", "speech-en-3s.wav"), "-f", "lavfi", "-t", "1.5", "-i", "anullsrc=r=16000:cl=mono",
            "-filter_complex", "[0][1]concat=n=2:v=0:a=1", "-c:a", "aac", "-q:a", "2", "-f", "adts");
        var header = (await MediaProbe.ProbeAudioAsync(speech)).Duration.TotalSeconds;
        Assert.True(header < 4.0, $"the header says {header} s; the fixture should understate its 4.5 s");
        var request = Request(speech, Talking, "adts.mp4");

        var report = await RenderPipeline.RunAsync(request);

        var output = await MediaProbe.ProbeAsync(request.OutputPath);
        Assert.Equal(4.5, output.Duration.TotalSeconds, 0.15);
        Assert.InRange(report.Frames, 131, 139);
    }

    [Fact]
    public async Task Nothing_outside_the_lower_face_changes()
    {
        var request = Request(TestData.File("media", "speech-en-3s.wav"), Talking, "psnr.mp4");
        var report = await RenderPipeline.RunAsync(request);
        var plain = _scratch.File("plain.mp4");
        await using (var writer = RawVideoWriter.Start(plain, 512, 480, 30, null, request.OutputEncoding(512, 480, 30)))
        {
            foreach (var frame in await Tool.DecodeAllAsync(Talking))
                await writer.WriteAsync(frame);
            await writer.CompleteAsync();
        }

        var rendered = await Tool.DecodeAllAsync(request.OutputPath);
        var reference = await Tool.DecodeAllAsync(plain);
        var mouthArea = LowerFaceArea(reference);

        var psnr = PsnrOutside(rendered, reference, mouthArea);
        Assert.True(psnr >= 40, $"PSNR outside the lower face {psnr:0.0} dB");
        Assert.True(PsnrInside(rendered, reference, mouthArea) < psnr - 3, "the mouth should have changed");
        Assert.Equal(report.Frames, rendered.Count);
    }

    [Fact]
    public async Task A_video_without_a_face_fails_with_no_face_found_and_leaves_no_output()
    {
        var faceless = _scratch.Ffmpeg("wall.mp4", "-f", "lavfi", "-i", "color=c=0x808070:s=320x240:r=30:d=2", "-c:v", "libx264");
        var request = Request(TestData.File("media", "speech-en-3s.wav"), faceless, "faceless.mp4");

        var error = await Assert.ThrowsAsync<MediaInputException>(() => RenderPipeline.RunAsync(request));

        Assert.Equal(faceless, error.FilePath);
        Assert.Equal(Codes.Inputs.NoFace(), error.Problem);
        Assert.False(File.Exists(request.OutputPath));
        Media.MediaAssert.NoPartialLeft(request.OutputPath);
    }

    [Fact]
    public async Task An_input_beyond_the_policy_is_brought_within_it_on_the_fly()
    {
        var big = _scratch.Ffmpeg("big.mp4", "-i", Talking, "-t", "1", "-vf", "scale=2304:2160,fps=60", "-c:v", "libx264", "-preset", "ultrafast");
        var request = Request(TestData.File("media", "speech-en-3s.wav"), big, "big-out.mp4");

        var report = await RenderPipeline.RunAsync(request);

        Assert.Equal((1152, 1080, 30.0), (report.Width, report.Height, report.FramesPerSecond));
        var output = await MediaProbe.ProbeAsync(request.OutputPath);
        Assert.False(InputPolicy.Default.Check(output.Video!).BreaksPolicy);
    }

    [Fact]
    public async Task Canceling_stops_quickly_and_leaves_nothing_behind()
    {
        var request = Request(SpeechEn, Talking, "canceled.mp4");
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<RenderProgress>(p =>
        {
            if (p.Stage == RenderStage.Rendering && p.Fraction > 0.1)
                cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RenderPipeline.RunAsync(request, progress, cancel.Token));

        Assert.False(File.Exists(request.OutputPath));
        Media.MediaAssert.NoPartialLeft(request.OutputPath);
        Assert.Empty(Directory.GetFiles(_scratch.File("tmp")));
    }

    [Fact]
    public async Task Writes_the_report_with_stage_timings()
    {
        var request = Request(TestData.File("media", "speech-en-3s.wav"), Talking, "reported.mp4") with { ReportPath = _scratch.File("report.json") };

        await RenderPipeline.RunAsync(request);

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(request.ReportPath!));
        var stages = json.RootElement.GetProperty("stageSeconds");
        foreach (var stage in new[] { "probe", "audio", "analysis", "decode", "render", "encode" })
            Assert.True(stages.GetProperty(stage).GetDouble() >= 0);
        Assert.Equal(90, json.RootElement.GetProperty("frames").GetInt64());
        Assert.True(json.RootElement.GetProperty("renderFramesPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task A_second_render_of_the_same_video_with_other_speech_reads_the_face_track_from_the_cache()
    {
        var cache = _scratch.File("face-cache");
        var first = await RenderPipeline.RunAsync(Request(SpeechEn, Talking, "first.mp4") with { FaceTrackCacheDirectory = cache });
        var otherSpeech = _scratch.Ffmpeg("other.wav", "-i", TestData.File("audio", "tts-zh.wav"), "-t", "4");

        var second = await RenderPipeline.RunAsync(Request(otherSpeech, Talking, "second.mp4") with { FaceTrackCacheDirectory = cache });

        Assert.False(first.FaceTrackFromCache);
        Assert.True(second.FaceTrackFromCache);
        Assert.Equal((1, 1), (first.VideoDecodes, second.VideoDecodes));
        Assert.Equal(1.0, second.FaceCoverage, 2);
        // CPU time, not wall time: a loaded machine can stretch a cached lookup's wall time but not its work.
        // The second render decodes nothing for analysis: the track and the mouth atlas come from the cache.
        Assert.False(second.EngineCpuSeconds.ContainsKey("analysis"), "the second render analysed the video again");
        Assert.True(first.EngineCpuSeconds["analysis"] > 0);
    }

    [Fact]
    public async Task A_chosen_size_is_made_after_the_analysis_so_the_face_track_cache_serves_every_size()
    {
        var cache = _scratch.File("face-cache-sizes");
        var larger = await RenderPipeline.RunAsync(Request(SpeechEn, Talking, "720.mp4") with
        {
            FaceTrackCacheDirectory = cache,
            Output = new OutputSettings { Size = OutputSize.P720, Quality = OutputQuality.Draft },
        });
        var source = await RenderPipeline.RunAsync(Request(SpeechEn, Talking, "source-size.mp4") with
        {
            FaceTrackCacheDirectory = cache,
            Output = new OutputSettings { Quality = OutputQuality.Draft },
        });

        var probed = await MediaProbe.ProbeAsync(_scratch.File("720.mp4"));
        Assert.Equal((768, 720), (probed.Video!.Width, probed.Video.Height));
        Assert.Equal((768, 720, "draft"), (larger.Width, larger.Height, larger.Quality));
        Assert.Equal(1.0, larger.FaceCoverage, 2);
        var again = await MediaProbe.ProbeAsync(_scratch.File("source-size.mp4"));
        Assert.Equal((512, 480), (again.Video!.Width, again.Video.Height));
        Assert.True(source.FaceTrackFromCache);
        Assert.Equal(1.0, source.FaceCoverage, 2);
    }

    [Fact]
    public async Task Speech_longer_than_the_video_loops_it_or_plays_it_back_as_chosen()
    {
        var looped = Request(SpeechEn, Talking, "loop.mp4") with { Output = new OutputSettings { LongAudio = LongAudio.Loop, Quality = OutputQuality.Draft } };
        var pingPong = Request(SpeechEn, Talking, "pingpong.mp4") with { Output = new OutputSettings { Quality = OutputQuality.Draft } };

        var loopReport = await RenderPipeline.RunAsync(looped);
        await RenderPipeline.RunAsync(pingPong);

        var source = await Tool.DecodeAllAsync(Talking);
        var loopFrames = await Tool.DecodeAllAsync(looped.OutputPath);
        var pingPongFrames = await Tool.DecodeAllAsync(pingPong.OutputPath);
        Assert.Equal(("loop", 90), (loopReport.LongAudio, source.Count));
        Assert.True(loopFrames.Count > 120);
        // Past the video's end, each output frame looks like its own order's source frame, not like the other order's.
        var turned = Enumerable.Range(95, 25).ToList();
        Assert.All(turned, i => Assert.True(
            UpperDifference(loopFrames[i], source[i % 90]) < UpperDifference(loopFrames[i], source[(int)PingPong.SourceIndex(i, 90)]),
            $"loop output frame {i} is not source frame {i % 90}"));
        Assert.All(turned, i => Assert.True(
            UpperDifference(pingPongFrames[i], source[(int)PingPong.SourceIndex(i, 90)]) < UpperDifference(pingPongFrames[i], source[i % 90]),
            $"ping-pong output frame {i} is not source frame {PingPong.SourceIndex(i, 90)}"));
    }

    [Fact]
    public async Task The_render_reads_the_frames_the_analysis_decoded_instead_of_decoding_the_video_again()
    {
        // Speech longer than the video: the kept frames also serve the passes played backward.
        var draft = new OutputSettings { Quality = OutputQuality.Draft };
        var once = Request(SpeechEn, Talking, "decoded-once.mp4") with { Output = draft };
        var twice = Request(SpeechEn, Talking, "decoded-twice.mp4") with { Output = draft, KeptFramesBudgetBytes = 0 };
        var beyondBudget = Request(SpeechEn, Talking, "beyond-budget.mp4") with { Output = draft, KeptFramesBudgetBytes = 10L * VideoFrame.ByteCount(512, 480) };

        var reports = new[] { await RenderPipeline.RunAsync(once), await RenderPipeline.RunAsync(twice), await RenderPipeline.RunAsync(beyondBudget) };

        Assert.Equal([1, 2, 2], reports.Select(report => report.VideoDecodes));
        Assert.All(reports, report => Assert.Equal(90, report.SourceFrames));
        // The same mouth drawn into the same source frames. x264's threads with a capped rate do not encode the same pictures
        // bit for bit twice, so the outputs are compared loosely here (PingPongFrameSourceTests compares the frames exactly):
        // frame by frame they must be far closer than to the other render's frames three later.
        Assert.Equal(reports[1].SyncCurves!.Mouth, reports[0].SyncCurves!.Mouth);
        var onceFrames = await Tool.DecodeAllAsync(once.OutputPath);
        var twiceFrames = await Tool.DecodeAllAsync(twice.OutputPath);
        Assert.Equal(twiceFrames.Count, onceFrames.Count);
        var indices = Enumerable.Range(0, onceFrames.Count - 3).ToList();
        var same = indices.Average(i => UpperDifference(onceFrames[i], twiceFrames[i]));
        var shifted = indices.Average(i => UpperDifference(onceFrames[i], twiceFrames[i + 3]));
        Assert.True(same < shifted / 2, $"the outputs differ by {same:0.00} grey levels frame by frame, and by {shifted:0.00} three frames apart");
        Assert.Empty(Directory.GetFiles(_scratch.File("tmp")));
    }

    [Fact]
    public async Task No_frame_shows_a_synthetic_cavity_when_the_mouth_opens_only_late_in_the_video()
    {
        // talking-3s opens its mouth once, at frames 43-45: played from frame 47 on and then from the start, its first
        // open mouth comes 2.9 s in, after frames that never open it wide enough to paint an opening from.
        var late = _scratch.Ffmpeg("late-open.mp4", "-i", Talking, "-filter_complex",
            "[0:v]trim=start_frame=47,setpts=PTS-STARTPTS[a];[0:v]trim=end_frame=47,setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1:a=0",
            "-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18");
        var closedOnly = _scratch.Ffmpeg("closed-only.mp4", "-i", late, "-t", "1.4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18");
        // Speech shorter than the closed stretch: the frames the render shows are all closed.
        var shortSpeech = _scratch.Ffmpeg("short-late.wav", "-i", SpeechEn, "-t", "1.2");
        var draft = new OutputSettings { Quality = OutputQuality.Draft };

        var whole = await RenderPipeline.RunAsync(Request(SpeechEn, late, "late-whole.mp4") with { Output = draft });
        var analysed = new System.Collections.Concurrent.ConcurrentQueue<double>();
        var beginning = await RenderPipeline.RunAsync(Request(shortSpeech, late, "late-beginning.mp4") with { Output = draft },
            new SyncProgress<RenderProgress>(p => { if (p.Stage == RenderStage.AnalyzingVideo) analysed.Enqueue(p.Fraction); }));
        var never = await RenderPipeline.RunAsync(Request(shortSpeech, closedOnly, "never-open.mp4") with { Output = draft });

        Assert.Equal((0, 0), (whole.SyntheticCavityFrames, beginning.SyntheticCavityFrames));
        Assert.Equal(36, beginning.Frames);
        // The analysis went on past those 36 frames to find an open mouth: its share is of the whole video then, so it
        // reads 100 % only at its last frame and its end, not all the while it goes on.
        Assert.InRange(analysed.Count(fraction => fraction >= 1), 1, 2);
        // A video that never opens its mouth wide enough has only the synthetic cavity to show: the count is real.
        Assert.True(never.SyntheticCavityFrames > 0, "the closed-only clip drew no synthetic cavity, so the check above proves nothing");
    }

    /// <summary>Mean luma difference over the picture's top third, which the mouth never reaches.</summary>
    private static double UpperDifference(VideoFrame a, VideoFrame b)
    {
        long sum = 0;
        var pixels = a.Width * (a.Height / 3);
        for (var i = 0; i < pixels; i++)
            sum += Math.Abs(a.Buffer[i] - b.Buffer[i]);
        return (double)sum / pixels;
    }

    [Fact]
    public async Task Speech_exactly_as_long_as_the_video_also_leaves_its_face_track_in_the_cache()
    {
        var cache = _scratch.File("face-cache-equal");
        var speech = TestData.File("media", "speech-en-3s.wav");
        var otherSpeech = _scratch.Ffmpeg("other-3s.wav", "-i", TestData.File("audio", "tts-zh.wav"), "-t", "3");

        var first = await RenderPipeline.RunAsync(Request(speech, Talking, "equal-1.mp4") with { FaceTrackCacheDirectory = cache });
        var second = await RenderPipeline.RunAsync(Request(otherSpeech, Talking, "equal-2.mp4") with { FaceTrackCacheDirectory = cache });

        Assert.Equal((90, 90), (first.Frames, first.SourceFrames));
        Assert.True(second.FaceTrackFromCache);
    }

    [Fact]
    public async Task Asking_for_a_face_the_video_does_not_show_fails_naming_it()
    {
        var request = Request(TestData.File("media", "speech-en-3s.wav"), Talking, "no-second-face.mp4") with { FaceIndex = 1 };

        var error = await Assert.ThrowsAsync<MediaInputException>(() => RenderPipeline.RunAsync(request));

        Assert.Equal(Codes.Inputs.NoFaceAtIndex(1), error.Problem);
        Assert.False(File.Exists(request.OutputPath));
    }

    /// <summary>
    /// Half a minute of a wall: "no face" is known once the first <see cref="FaceSource.FailFastSeconds"/> are analysed,
    /// so the render fails then, before the rest of the video is decoded and anything is encoded.
    /// </summary>
    [Fact]
    public async Task A_video_without_a_face_fails_after_its_first_seconds_are_analysed_not_the_whole_video()
    {
        var wall = _scratch.Ffmpeg("wall-30s.mp4", "-f", "lavfi", "-i", "color=c=0x707060:s=512x480:r=30:d=30,noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "ultrafast");
        var speech = _scratch.Ffmpeg("speech-30s.wav", "-stream_loop", "9", "-i", TestData.File("media", "speech-en-3s.wav"), "-c", "copy");
        // The analysis reports through a Progress<T>, from the thread pool.
        var stages = new System.Collections.Concurrent.ConcurrentQueue<RenderProgress>();
        var request = Request(speech, wall, "no-face.mp4");

        var error = await Assert.ThrowsAsync<MediaInputException>(() => RenderPipeline.RunAsync(request, new SyncProgress<RenderProgress>(stages.Enqueue)));

        Assert.Equal(Codes.Inputs.NoFace(), error.Problem);
        Assert.DoesNotContain(stages, stage => stage.Stage == RenderStage.Rendering);
        var analysed = stages.Where(stage => stage.Stage == RenderStage.AnalyzingVideo).Max(stage => stage.Fraction);
        Assert.InRange(analysed, 0, FaceSource.FailFastSeconds / 30);
        Assert.False(File.Exists(request.OutputPath));
    }

    /// <summary>The union, over all frames, of the box from the nose down to below the chin, with a margin.</summary>
    private static (int Left, int Top, int Right, int Bottom) LowerFaceArea(List<VideoFrame> frames)
    {
        using var detector = new FaceDetector();
        var landmarks = ShapePredictor.Load(NativeAssets.LandmarkModel);
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, 0, 0);
        foreach (var frame in frames)
        {
            var face = landmarks.Predict(frame, detector.Detect(frame)[0].Box);
            var unit = face.InterOcularDistance;
            var lower = face.Points.Where((_, i) => i <= 16 || i >= 30).ToList();
            left = Math.Min(left, (int)(lower.Min(p => p.X) - 0.5f * unit));
            right = Math.Max(right, (int)(lower.Max(p => p.X) + 0.5f * unit));
            top = Math.Min(top, (int)(face.Points[30].Y - 0.3f * unit));
            bottom = Math.Max(bottom, (int)(lower.Max(p => p.Y) + 0.5f * unit));
        }
        return (Math.Max(0, left), Math.Max(0, top), Math.Min(frames[0].Width, right), Math.Min(frames[0].Height, bottom));
    }

    private static double PsnrOutside(List<VideoFrame> a, List<VideoFrame> b, (int Left, int Top, int Right, int Bottom) box) =>
        Psnr(a, b, (x, y) => x < box.Left || x >= box.Right || y < box.Top || y >= box.Bottom);

    private static double PsnrInside(List<VideoFrame> a, List<VideoFrame> b, (int Left, int Top, int Right, int Bottom) box) =>
        Psnr(a, b, (x, y) => x >= box.Left && x < box.Right && y >= box.Top && y < box.Bottom);

    private static double Psnr(List<VideoFrame> a, List<VideoFrame> b, Func<int, int, bool> counts)
    {
        double sum = 0;
        long n = 0;
        for (var f = 0; f < Math.Min(a.Count, b.Count); f++)
        {
            var (ya, yb, width) = (a[f].Buffer, b[f].Buffer, a[f].Width);
            for (var y = 0; y < a[f].Height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    if (!counts(x, y))
                        continue;
                    var d = ya[y * width + x] - yb[y * width + x];
                    sum += d * d;
                    n++;
                }
            }
        }
        var mse = sum / Math.Max(n, 1);
        return mse == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
