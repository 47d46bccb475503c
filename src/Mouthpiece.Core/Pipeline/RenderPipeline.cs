using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Mouthpiece.Audio;
using Mouthpiece.Evaluation;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Rendering;

namespace Mouthpiece.Pipeline;

/// <summary>
/// One render, as data flowing (DESIGN.md §1): the audio becomes a mouth track; the video is decoded,
/// its face located and its mouth re-shaped frame by frame, and encoded with the audio muxed in.
/// Decode, animate and encode run side by side, joined by bounded channels, so memory is set by the
/// channel sizes and never by the length of either input.
/// </summary>
public static class RenderPipeline
{
    private const int ChannelCapacity = 4;
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<RenderReport> RunAsync(
        RenderRequest request,
        IProgress<RenderProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        var clock = new StageClock();
        progress?.Report(new RenderProgress(RenderStage.Probing, 0, 0));
        MediaInfo audio, video;
        using (clock.Measure("probe"))
        {
            var probingAudio = MediaProbe.ProbeAudioAsync(request.AudioPath, cancellationToken);
            var probingVideo = MediaProbe.ProbeVideoAsync(request.VideoPath, cancellationToken);
            await Task.WhenAll(probingAudio, probingVideo);
            (audio, video) = (probingAudio.Result, probingVideo.Result);
        }
        var output = OutputFormat.For(video, request.Policy);

        // Setting up face analysis (models, the video's hash, the cache) needs only the video: it runs while the speech is analysed.
        progress?.Report(new RenderProgress(RenderStage.AnalyzingAudio, 0, 0));
        var openingFaces = Task.Run(() => FaceSource.OpenAsync(
            video, request.FaceIndex, request.FaceTrackCacheDirectory, output.Width, output.Height, output.FramesPerSecond, cancellationToken), cancellationToken);
        SpeechTrack speech;
        try
        {
            using (clock.Measure("audio"))
                speech = await AnalyzeSpeechAsync(audio, output.FramesPerSecond, cancellationToken);
        }
        catch
        {
            _ = openingFaces.ContinueWith(opened => opened.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
        using var faces = await openingFaces;
        ReturnStartUpMemory();

        var run = new RenderRun(request, audio, video, output, speech, faces, clock, progress);
        await OutputFile.WriteAsync(request.OutputPath, async partial =>
        {
            await run.ExecuteAsync(partial, cancellationToken);
            await OutputFile.VerifyVideoAsync(partial, cancellationToken);
        }, cancellationToken);

        var report = run.Report(Path.GetFullPath(request.OutputPath), wall.Elapsed);
        if (request.ReportPath is not null)
            await File.WriteAllTextAsync(request.ReportPath, JsonSerializer.Serialize(report, ReportJson), cancellationToken);
        return report;
    }

    /// <summary>The mouth to draw in each output frame, the speech's loudness per frame to score the result against, and its level (for the silence warning).</summary>
    private sealed record SpeechTrack(MouthShape[] Mouth, double[] Loudness, SpeechLevel Level);

    private static async Task<SpeechTrack> AnalyzeSpeechAsync(MediaInfo audio, double framesPerSecond, CancellationToken cancellationToken)
    {
        using var pcm = await AudioDecoder.DecodeMonoAsync(audio, cancellationToken: cancellationToken);
        if (pcm.Length * framesPerSecond < AudioDecoder.AnalysisSampleRate)
            throw new MediaInputException(audio.Path, Codes.Inputs.AudioTooShort());
        var mouth = MouthTrackBuilder.Build(pcm.Span, framesPerSecond);
        return new SpeechTrack(mouth, SpeechEnvelope.PerFrame(pcm.Span, AudioDecoder.AnalysisSampleRate, framesPerSecond, mouth.Length),
            SpeechLevel.Measure(pcm.Span, AudioDecoder.AnalysisSampleRate));
    }

    /// <summary>
    /// Start-up (model loading, the speech analysis) leaves garbage and a grown heap behind; handing that memory
    /// back before the long-running stages start lowers the render's resident memory for its whole length.
    /// </summary>
    private static void ReturnStartUpMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>The output's size and rate: the source's, brought within the input policy when it is beyond it.</summary>
    internal sealed record OutputFormat(int Width, int Height, double FramesPerSecond, bool Scaled, bool Resampled)
    {
        public static OutputFormat For(MediaInfo video, InputPolicy policy)
        {
            var stream = video.Video!;
            var (width, height) = Normalizer.FitWithin(stream.DisplayWidth, stream.DisplayHeight, policy.MaxShortSide, policy.MaxLongSide);
            var resample = stream.FramesPerSecond > policy.MaxFramesPerSecond + 0.5 || stream.FramesPerSecond <= 0;
            var fps = resample ? policy.MaxFramesPerSecond : stream.FramesPerSecond;
            return new OutputFormat(width, height, fps, (width, height) != (stream.DisplayWidth, stream.DisplayHeight), resample);
        }
    }

    /// <summary>The state of one render while its stages run.</summary>
    private sealed class RenderRun(
        RenderRequest request,
        MediaInfo audio,
        MediaInfo video,
        OutputFormat output,
        SpeechTrack speech,
        FaceSource faces,
        StageClock clock,
        IProgress<RenderProgress>? progress)
    {
        private readonly MouthShape[] mouth = speech.Mouth;
        private readonly double[] drawnAperture = new double[speech.Mouth.Length];
        private readonly Stopwatch renderClock = new();
        private long framesEncoded;
        private long framesWithFace;
        private long sourceFrames;

        public async Task ExecuteAsync(string partialOutput, CancellationToken cancellationToken)
        {
            progress?.Report(new RenderProgress(RenderStage.Rendering, 0, 0));
            renderClock.Start();
            await using var source = new PingPongFrameSource(
                () => RawVideoReader.Open(
                    video,
                    output.Resampled ? output.FramesPerSecond : null,
                    output.Scaled ? (output.Width, output.Height) : null),
                mouth.Length,
                ExpectedSourceFrames(),
                SpillPathIfNeeded());
            await using var writer = RawVideoWriter.Start(
                partialOutput, output.Width, output.Height, output.FramesPerSecond, audio,
                request.OutputEncoding(output.Width, output.Height, output.FramesPerSecond), audio.Duration);
            var pool = new FramePool(output.Width, output.Height, 2 * ChannelCapacity + 3);
            var decoded = Channel.CreateBounded<VideoFrame>(ChannelCapacity);
            var animated = Channel.CreateBounded<VideoFrame>(ChannelCapacity);

            using (var stages = new StageGroup(cancellationToken))
            {
                stages.Start(token => DecodeAsync(source, pool, decoded.Writer, token));
                stages.Start(token => AnimateAsync(faces, decoded.Reader, animated.Writer, token));
                stages.Start(token => EncodeAsync(writer, pool, animated.Reader, token));
                await stages.WaitAsync();
            }
            sourceFrames = source.SourceFrames;
            faces.StoreIfComplete(source.SourceFrames, source.DecodingDone);
            progress?.Report(new RenderProgress(RenderStage.Finishing, 0, 0));
            using (clock.Measure("encode"))
                await writer.CompleteAsync(cancellationToken);
        }

        /// <summary>The frame count the header announces at the output rate (exact for MP4 when not resampled).</summary>
        private long ExpectedSourceFrames() =>
            !output.Resampled && video.Video!.FrameCount is > 0 and var counted
                ? counted
                : (long)Math.Round(video.Duration.TotalSeconds * output.FramesPerSecond);

        /// <summary>
        /// Ping-pong playback needs the decoded frames again only when the speech outlasts the video; the spill
        /// costs a raw frame of disk per source frame, so it is never written for a render that will not read it.
        /// </summary>
        private string? SpillPathIfNeeded()
        {
            if (mouth.Length <= ExpectedSourceFrames())
                return null;
            var directory = request.ScratchDirectory ?? Path.GetTempPath();
            Directory.CreateDirectory(directory);
            return Path.Combine(directory, $"mouthpiece-frames-{Guid.NewGuid():N}.yuv");
        }

        private async Task DecodeAsync(PingPongFrameSource source, FramePool pool, ChannelWriter<VideoFrame> decoded, CancellationToken cancellationToken)
        {
            while (true)
            {
                var frame = await pool.RentAsync(cancellationToken);
                bool more;
                using (clock.Measure("decode"))
                    more = await source.ReadAsync(frame, cancellationToken);
                if (!more)
                    break;
                await decoded.WriteAsync(frame, cancellationToken);
            }
            decoded.Complete();
        }

        private async Task AnimateAsync(FaceSource faces, ChannelReader<VideoFrame> decoded, ChannelWriter<VideoFrame> animated, CancellationToken cancellationToken)
        {
            // The person's own open mouth fills openings once the video has shown one; until then a synthetic one does.
            var ownMouth = new OwnMouthPainter();
            var renderer = new MouthRenderer(innerMouth: ownMouth);
            var neutral = new SteadyNeutral(renderer.Options);
            long outputIndex = 0;
            await foreach (var frame in decoded.ReadAllAsync(cancellationToken))
            {
                FaceLandmarks? face;
                using (clock.MeasureCompute("faces"))
                    face = faces.For(frame);
                EnsureSomeFace(faces);
                drawnAperture[outputIndex] = double.NaN;
                if (face is not null)
                {
                    using (clock.MeasureCompute("render"))
                    {
                        ownMouth.Offer(frame, face); // before rendering, while the frame still shows the video's own mouth
                        var faceNeutral = neutral.For(face);
                        renderer.Render(frame, face, mouth[outputIndex], faceNeutral);
                        drawnAperture[outputIndex] = MouthGeometry.Target(face, mouth[outputIndex], faceNeutral, renderer.Options).InnerLipAperture;
                    }
                    framesWithFace++;
                }
                outputIndex++;
                await animated.WriteAsync(frame, cancellationToken);
            }
            EnsureSomeFace(faces, atEnd: true);
            animated.Complete();
        }

        /// <summary>
        /// A video without any face would come out unchanged, which is never what the user wants. Known once
        /// every source frame was looked at: when a ping-pong pass turns back, or when the output ends.
        /// </summary>
        private void EnsureSomeFace(FaceSource faces, bool atEnd = false)
        {
            if (!(atEnd || faces.SawWholeVideo) || faces.FramesWithFace > 0)
                return;
            throw new MediaInputException(video.Path, request.FaceIndex is { } index ? Codes.Inputs.NoFaceAtIndex(index) : Codes.Inputs.NoFace());
        }

        private async Task EncodeAsync(RawVideoWriter writer, FramePool pool, ChannelReader<VideoFrame> animated, CancellationToken cancellationToken)
        {
            await foreach (var frame in animated.ReadAllAsync(cancellationToken))
            {
                using (clock.Measure("encode"))
                    await writer.WriteAsync(frame, cancellationToken);
                pool.Return(frame);
                framesEncoded++;
                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            if (progress is null || (framesEncoded % 5 != 0 && framesEncoded != mouth.Length))
                return;
            var fps = framesEncoded / Math.Max(renderClock.Elapsed.TotalSeconds, 1e-3);
            progress.Report(new RenderProgress(RenderStage.Rendering, (double)framesEncoded / mouth.Length, fps));
        }

        public RenderReport Report(string outputPath, TimeSpan wallTime)
        {
            var sync = SyncScore.BestLag(drawnAperture, speech.Loudness, SyncScore.EnvelopeMaxLag);
            return new RenderReport
            {
                Output = outputPath,
                Audio = audio,
                Video = video,
                Width = output.Width,
                Height = output.Height,
                FramesPerSecond = output.FramesPerSecond,
                Frames = framesEncoded,
                SourceFrames = sourceFrames,
                DurationSeconds = framesEncoded / output.FramesPerSecond,
                FaceCoverage = framesEncoded == 0 ? 0 : (double)framesWithFace / framesEncoded,
                FaceTrackFromCache = faces.FromCache,
                StageSeconds = clock.Seconds(),
                EngineCpuSeconds = clock.CpuSeconds(),
                WallSeconds = Math.Round(wallTime.TotalSeconds, 3),
                SyncScore = Math.Round(sync.Correlation, 3),
                SyncLagFrames = sync.Lag,
                SpeechLevel = speech.Level,
                Warnings = speech.Level.Warning(Path.GetFileName(request.AudioPath)) is { } warning ? [warning] : [],
            };
        }
    }
}
