using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Mouthpiece.Audio;
using Mouthpiece.Devices;
using Mouthpiece.Evaluation;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Rendering.Atlas;
using Mouthpiece.Wav2Lip;

namespace Mouthpiece.Pipeline;

/// <summary>
/// One render, as data flowing (docs/ARCHITECTURE.md §1): the audio becomes a mouth track; the video is decoded,
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
        var device = await GpuChecks.PlanAsync(request.Device, cancellationToken);
        // A model that does not fit is refused before any other work.
        using var model = request.Engine.Engine == RenderEngine.Wav2Lip ? Wav2LipModel.Load(request.Engine.ModelPath!, device.CudaInference) : null;
        MediaInfo audio, video;
        using (clock.Measure("probe"))
        {
            var probingAudio = request.AudioProbe is { } knownAudio
                ? Task.FromResult(MediaProbe.RequireAudio(knownAudio))
                : MediaProbe.ProbeAudioAsync(request.AudioPath, cancellationToken);
            var probingVideo = request.VideoProbe is { } knownVideo
                ? Task.FromResult(MediaProbe.RequireVideo(knownVideo))
                : MediaProbe.ProbeVideoAsync(request.VideoPath, cancellationToken);
            await Task.WhenAll(probingAudio, probingVideo);
            (audio, video) = (probingAudio.Result, probingVideo.Result);
        }
        var output = OutputFormat.For(video, request.Policy);

        // Setting up face analysis (models, the video's hash, the cache) needs only the video: it runs while the speech is analysed.
        progress?.Report(new RenderProgress(RenderStage.AnalyzingAudio, 0, 0));
        var openingFaces = Task.Run(() => FaceSource.OpenAsync(
            video, request.VideoHash, request.FaceIndex, request.FaceTrackCacheDirectory, output.Width, output.Height, output.FramesPerSecond, device.CudaInference, cancellationToken), cancellationToken);
        SpeechTrack speech;
        try
        {
            using (clock.Measure("audio"))
                speech = await AnalyzeSpeechAsync(audio, output.FramesPerSecond, request.MouthTrack, withMel: model is not null, cancellationToken);
        }
        catch
        {
            _ = openingFaces.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
        var faces = await openingFaces;
        var source = new SourceDecoder(video, output, device.CudaDecode);
        // Disposed last, however the render ends: the kept frames' disk space is needed until the last frame is encoded.
        await using var kept = KeepFramesFor(request, video, output, speech.Mouth.Length);
        await AnalyseFacesAsync(faces, source, kept, speech.Mouth.Length, clock, progress, cancellationToken);

        // The chosen size is made by the encoder from the frames as drawn; subtitles are laid out for the final picture.
        var (width, height) = request.Output.Fit(output.Width, output.Height);
        await using var subtitles = await BurnedSubtitles.WriteAsync(request, width, height, cancellationToken);
        string?[] filters = [(width, height) == (output.Width, output.Height) ? null : FormattableString.Invariant($"scale={width}:{height}:flags=lanczos"), subtitles.Filter];
        var videoFilter = filters.Any(f => f is not null) ? string.Join(',', filters.OfType<string>()) : null;
        var run = new RenderRun(request, audio, video, output, (width, height), speech, faces, source, kept?.Frames, clock, progress, videoFilter)
        {
            Device = device,
            Neural = model is null ? null : new Wav2LipRenderer(model, speech.Mel!, output.FramesPerSecond),
        };
        await OutputFile.WriteAsync(request.OutputPath, async partial =>
        {
            await run.ExecuteAsync(partial, cancellationToken);
            await OutputFile.VerifyWrittenAsync(partial, run.FramesEncoded, cancellationToken);
        }, cancellationToken);

        var report = run.Report(Path.GetFullPath(request.OutputPath), wall.Elapsed);
        if (request.ReportPath is not null)
            await File.WriteAllTextAsync(request.ReportPath, JsonSerializer.Serialize(report, ReportJson), cancellationToken);
        return report;
    }

    /// <summary>
    /// The analysis pass: the face in every source frame the render will show and the person's own mouths, before the
    /// first output frame (the whole video when the speech outlasts it and playback turns back).
    /// </summary>
    private static Task AnalyseFacesAsync(
        FaceSource faces, SourceDecoder source, KeptFrames? kept, int outputFrames, StageClock clock,
        IProgress<RenderProgress>? progress, CancellationToken cancellationToken)
    {
        var expected = (int)Math.Min(int.MaxValue, source.ExpectedFrames);
        int? needed = outputFrames < expected ? outputFrames : null;
        var analysing = progress is null ? null : new Progress<double>(fraction => progress.Report(new RenderProgress(RenderStage.AnalyzingVideo, fraction, 0)));
        return faces.AnalyseAsync(needed, expected, source.Open, kept, clock, analysing, cancellationToken);
    }

    /// <summary>Where the analysis keeps the frames it decodes for the render, when they fit the request's budget; else null.</summary>
    private static KeptFrames? KeepFramesFor(RenderRequest request, MediaInfo video, OutputFormat output, int outputFrames) =>
        request.KeptFramesBudgetBytes <= 0
            ? null
            : KeptFrames.Plan(request.ScratchDirectory ?? Path.GetTempPath(), output.Width, output.Height,
                Math.Min(outputFrames, output.ExpectedSourceFrames(video)), request.KeptFramesBudgetBytes);

    /// <summary>Starts decoders of the video at the output's size and rate, and counts them for the report.</summary>
    private sealed class SourceDecoder(MediaInfo video, OutputFormat output, bool cuda)
    {
        private int _decodes;

        /// <summary>How many times the video was decoded (started decoders).</summary>
        public int Decodes => _decodes;

        public long ExpectedFrames => output.ExpectedSourceFrames(video);

        public RawVideoReader Open()
        {
            Interlocked.Increment(ref _decodes);
            return output.OpenReader(video, cuda);
        }
    }

    /// <summary>
    /// The mouth to draw in each output frame, the speech's loudness per frame to score the result against, its level
    /// (for the silence warning), and for the neural engine the speech's mel spectrogram.
    /// </summary>
    private sealed record SpeechTrack(MouthShape[] Mouth, double[] Loudness, SpeechLevel Level, MelSpectrogram? Mel);

    /// <param name="known">The mouth from the speech's phonemes, when they are known; else it comes from the audio.</param>
    private static async Task<SpeechTrack> AnalyzeSpeechAsync(
        MediaInfo audio, double framesPerSecond, MouthTrackSource? known, bool withMel, CancellationToken cancellationToken)
    {
        using var pcm = await AudioDecoder.DecodeMonoAsync(audio, cancellationToken: cancellationToken);
        if (pcm.Length * framesPerSecond < AudioDecoder.AnalysisSampleRate)
            throw new MediaInputException(audio.Path, Codes.Inputs.AudioTooShort());
        var mouth = known is null
            ? MouthTrackBuilder.Build(pcm.Span, framesPerSecond)
            : known(framesPerSecond, (int)Math.Round((double)pcm.Length / AudioDecoder.AnalysisSampleRate * framesPerSecond, MidpointRounding.AwayFromZero));
        var mel = withMel ? MelSpectrogram.Compute(pcm.Span) : null;
        return new SpeechTrack(mouth, SpeechEnvelope.PerFrame(pcm.Span, AudioDecoder.AnalysisSampleRate, framesPerSecond, mouth.Length),
            SpeechLevel.Measure(pcm.Span, AudioDecoder.AnalysisSampleRate), mel);
    }

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

        /// <summary>Decodes <paramref name="video"/> at the output's size and rate, on the GPU when <paramref name="cuda"/>.</summary>
        public RawVideoReader OpenReader(MediaInfo video, bool cuda) =>
            RawVideoReader.Open(video, Resampled ? FramesPerSecond : null, Scaled ? (Width, Height) : null, cuda);

        /// <summary>The frame count the header announces at the output rate (exact for MP4 when not resampled).</summary>
        public long ExpectedSourceFrames(MediaInfo video) =>
            !Resampled && video.Video!.FrameCount is > 0 and var counted
                ? counted
                : (long)Math.Round(video.Duration.TotalSeconds * FramesPerSecond);
    }

    /// <summary>The state of one render while its stages run.</summary>
    private sealed class RenderRun(
        RenderRequest request,
        MediaInfo audio,
        MediaInfo video,
        OutputFormat output,
        (int Width, int Height) picture,
        SpeechTrack speech,
        FaceSource faces,
        SourceDecoder sourceDecoder,
        RawFrameFile? keptFrames,
        StageClock clock,
        IProgress<RenderProgress>? progress,
        string? videoFilter)
    {
        private readonly MouthShape[] _mouth = speech.Mouth;
        private readonly double[] _drawnAperture = new double[speech.Mouth.Length];
        private readonly Stopwatch _renderClock = new();
        private MouthPainter? _painter;
        private long _framesEncoded;
        private long _framesWithFace;
        private long _sourceFrames;

        public DevicePlan Device { get; init; } = DevicePlan.Cpu;

        /// <summary>The neural engine, when the request chose it; null for the classic engine.</summary>
        public Wav2LipRenderer? Neural { get; init; }

        public long FramesEncoded => _framesEncoded;

        public async Task ExecuteAsync(string partialOutput, CancellationToken cancellationToken)
        {
            progress?.Report(new RenderProgress(RenderStage.Rendering, 0, 0));
            _renderClock.Start();
            await using var spill = keptFrames is null ? SpillIfNeeded() : null;
            await using var source = keptFrames is null
                ? new PingPongFrameSource(sourceDecoder.Open, _mouth.Length, ExpectedSourceFrames(), spill, request.Output.LongAudio)
                : new PingPongFrameSource(keptFrames, video.Path, _mouth.Length, request.Output.LongAudio);
            // The speech as decoded sets the length, not its header: an ADTS or MP3 header only estimates it.
            await using var writer = RawVideoWriter.Start(
                partialOutput, output.Width, output.Height, output.FramesPerSecond, audio,
                request.OutputEncoding(picture.Width, picture.Height, output.FramesPerSecond, Device.NvencEncode ? VideoEncoder.Nvenc : VideoEncoder.X264)
                    with { VideoFilter = videoFilter },
                TimeSpan.FromSeconds(_mouth.Length / output.FramesPerSecond));
            // The neural engine holds a batch of frames while the model runs on them.
            var pool = new FramePool(output.Width, output.Height, 2 * ChannelCapacity + 3 + (Neural?.BatchSize ?? 0));
            var decoded = Channel.CreateBounded<VideoFrame>(ChannelCapacity);
            var animated = Channel.CreateBounded<VideoFrame>(ChannelCapacity);

            using (var stages = new StageGroup(cancellationToken))
            {
                stages.Start(token => DecodeAsync(source, pool, decoded.Writer, token));
                stages.Start(token => Neural is null
                    ? AnimateAsync(faces, decoded.Reader, animated.Writer, token)
                    : AnimateNeuralAsync(faces, Neural, decoded.Reader, animated.Writer, token));
                stages.Start(token => EncodeAsync(writer, pool, animated.Reader, token));
                await stages.WaitAsync();
            }
            _sourceFrames = source.SourceFrames;
            progress?.Report(new RenderProgress(RenderStage.Finishing, 1, 0));
            using (clock.Measure("encode"))
                await writer.CompleteAsync(cancellationToken);
        }

        /// <summary>The source's frame count: exact once the analysis saw the whole video, else what the header announces.</summary>
        private long ExpectedSourceFrames() => faces.WholeVideo ? faces.Track.FrameCount : output.ExpectedSourceFrames(video);

        /// <summary>
        /// Playing the video again (ping-pong or loop) needs the decoded frames again only when the speech outlasts the video; the spill
        /// costs a raw frame of disk per source frame, so it is never written for a render that will not read it.
        /// </summary>
        private RawFrameFile? SpillIfNeeded() =>
            _mouth.Length <= ExpectedSourceFrames()
                ? null
                : RawFrameFile.Create(request.ScratchDirectory ?? Path.GetTempPath(), output.Width, output.Height);

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
            var sourceFrames = ExpectedSourceFrames();
            var painter = _painter = MouthPainter.For(faces.Atlas, _mouth, index => request.Output.LongAudio.SourceIndex(index, Math.Max(1, sourceFrames)));
            long outputIndex = 0;
            await foreach (var frame in decoded.ReadAllAsync(cancellationToken))
            {
                var face = faces.For(frame.Index);
                _drawnAperture[outputIndex] = double.NaN;
                if (face is not null)
                {
                    using (clock.MeasureCompute("render"))
                        _drawnAperture[outputIndex] = painter.Paint(frame, face, (int)outputIndex);
                    _framesWithFace++;
                }
                else
                {
                    painter.FaceLost();
                }
                outputIndex++;
                await animated.WriteAsync(frame, cancellationToken);
            }
            animated.Complete();
        }

        /// <summary>
        /// The neural engine's stage: frames wait, in order, until the model's batch is full (or as many frames as a
        /// batch are waiting), then the batch runs and they go on. Its drawn aperture is unknown: the report has no sync score.
        /// </summary>
        private async Task AnimateNeuralAsync(
            FaceSource faces, Wav2LipRenderer neural, ChannelReader<VideoFrame> decoded, ChannelWriter<VideoFrame> animated, CancellationToken cancellationToken)
        {
            var waiting = new List<VideoFrame>(neural.BatchSize);
            long outputIndex = 0;
            await foreach (var frame in decoded.ReadAllAsync(cancellationToken))
            {
                var face = faces.For(frame.Index);
                _drawnAperture[outputIndex] = double.NaN;
                if (face is not null)
                {
                    using (clock.MeasureCompute("prepare"))
                    {
                        if (neural.Add(frame, face, outputIndex))
                            _framesWithFace++;
                    }
                }
                outputIndex++;
                waiting.Add(frame);
                if (neural.IsFull || waiting.Count == neural.BatchSize)
                    await PassOnAsync(neural, waiting, animated, cancellationToken);
            }
            await PassOnAsync(neural, waiting, animated, cancellationToken);
            animated.Complete();
        }

        private async Task PassOnAsync(Wav2LipRenderer neural, List<VideoFrame> waiting, ChannelWriter<VideoFrame> animated, CancellationToken cancellationToken)
        {
            using (clock.MeasureCompute("model"))
                neural.Flush();
            foreach (var frame in waiting)
                await animated.WriteAsync(frame, cancellationToken);
            waiting.Clear();
        }
        private async Task EncodeAsync(RawVideoWriter writer, FramePool pool, ChannelReader<VideoFrame> animated, CancellationToken cancellationToken)
        {
            await foreach (var frame in animated.ReadAllAsync(cancellationToken))
            {
                using (clock.Measure("encode"))
                    await writer.WriteAsync(frame, cancellationToken);
                pool.Return(frame);
                _framesEncoded++;
                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            if (progress is null || (_framesEncoded % 5 != 0 && _framesEncoded != _mouth.Length))
                return;
            var fps = _framesEncoded / Math.Max(_renderClock.Elapsed.TotalSeconds, 1e-3);
            progress.Report(new RenderProgress(RenderStage.Rendering, (double)_framesEncoded / _mouth.Length, fps));
        }

        public RenderReport Report(string outputPath, TimeSpan wallTime)
        {
            var sync = SyncScore.BestLag(_drawnAperture, speech.Loudness, SyncScore.EnvelopeMaxLag);
            return new RenderReport
            {
                Output = outputPath,
                Audio = audio,
                Video = video,
                Width = picture.Width,
                Height = picture.Height,
                Quality = request.Output.QualityName,
                LongAudio = request.Output.LongAudioName,
                FramesPerSecond = output.FramesPerSecond,
                Frames = _framesEncoded,
                SourceFrames = _sourceFrames,
                DurationSeconds = _framesEncoded / output.FramesPerSecond,
                FaceCoverage = _framesEncoded == 0 ? 0 : (double)_framesWithFace / _framesEncoded,
                FaceTrackFromCache = faces.FromCache,
                VideoDecodes = sourceDecoder.Decodes,
                StageSeconds = clock.Seconds(),
                EngineCpuSeconds = clock.CpuSeconds(),
                WallSeconds = Math.Round(wallTime.TotalSeconds, 3),
                SyncScore = Neural is null ? Math.Round(sync.Correlation, 3) : null,
                SyncLagFrames = Neural is null ? sync.Lag : null,
                SpeechLevel = speech.Level,
                Warnings = speech.Level.Warning(Path.GetFileName(request.AudioPath)) is { } warning ? [warning] : [],
                SyncCurves = SyncCurves.From(_drawnAperture, speech.Loudness),
                MouthMode = Neural is null ? (_painter?.Plan.Mode ?? MouthMode.Warp).ToString().ToLowerInvariant() : null,
                MouthModeReason = Neural is null ? _painter?.Plan.Reason ?? "nothing was drawn" : null,
                SyntheticCavityFrames = _painter?.SyntheticCavityFrames ?? 0,
                MouthPlan = _painter?.Plan,
                Engine = request.Engine.Name,
                Device = Device.Summary,
                DeviceFallback = Device.Fallback,
            };
        }
    }
}
