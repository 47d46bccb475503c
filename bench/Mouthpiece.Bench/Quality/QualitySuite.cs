using Mouthpiece.Bench.Suite;
using Mouthpiece.Evaluation;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using Mouthpiece.Rendering;
using static System.FormattableString;

namespace Mouthpiece.Bench.Quality;

/// <summary>
/// <c>bench/run.sh --quality</c>: how the rendered mouth compares with real talking mouths. Each truth clip is
/// reversed (so its own mouth no longer matches), rendered with its original speech, and measured against the real
/// recording by an independent meter (BlazeFace + dlib on every frame, no smoothing); each avatar is rendered with
/// unrelated English and Mandarin speech and measured against that speech. A markdown table and the mouth strips
/// go to <c>bench/results/&lt;time&gt;-quality/</c>, copied to <c>bench/results/quality/</c>.
/// </summary>
internal static class QualitySuite
{
    public static string LatestDirectory { get; } = Path.Combine(BenchMedia.RepositoryRoot, "bench", "results", "quality");

    private const int StripFrames = 8;
    private const int EnglishSeconds = 20;

    private static string WorkDirectory { get; } = Directory.CreateDirectory(Path.Combine(BenchMedia.WorkDirectory, "quality")).FullName;

    /// <param name="only">Measure only the clips and avatars whose name contains this (a quicker look while developing).</param>
    public static async Task RunAsync(string outputDirectory, string? only = null)
    {
        var report = new SuiteReport(outputDirectory);
        if (QualityMedia.Root is null || QualityMedia.TruthClips.Count == 0)
        {
            report.Line("The quality suite needs the shared media folder (`truth/`, `video/`, `audio/`): set MOUTHPIECE_MEDIA or place it at `shared/media` above the checkout. Skipped.");
            report.Save();
            return;
        }
        report.Line("# Mouth quality");
        report.Line();
        report.Line(Invariant($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {GitCommit()}, media {QualityMedia.Root}."));
        using var meter = new ApertureMeter();
        var truth = new List<TruthRow>();
        foreach (var clip in QualityMedia.TruthClips.Where(clip => only is null || clip.Contains(only, StringComparison.Ordinal)))
        {
            report.Status($"truth: {Path.GetFileName(clip)}");
            truth.Add(await MeasureTruthAsync(meter, clip, report.Directory));
            report.Save();
        }
        if (truth.Count > 0)
            TruthTable.Write(report, truth);
        report.Save();
        var unrelated = new List<UnrelatedRow>();
        foreach (var (speechName, speech) in UnrelatedSpeech())
        {
            foreach (var avatar in QualityMedia.Avatars.Where(avatar => only is null || avatar.Contains(only, StringComparison.Ordinal)))
            {
                report.Status($"unrelated: {Path.GetFileName(avatar)} with {speechName}");
                unrelated.Add(await MeasureUnrelatedAsync(meter, avatar, speechName, speech, report.Directory));
            }
        }
        UnrelatedTable.Write(report, unrelated);
        report.Save();
        var reportPath = Path.Combine(report.Directory, SuiteReport.FileName);
        if (only is not null)
        {
            report.Status($"report: {reportPath} (a subset: not copied to {LatestDirectory})");
            return;
        }
        report.Publish(LatestDirectory);
        report.Status($"report: {reportPath}, copied to {LatestDirectory}");
    }

    private static async Task<TruthRow> MeasureTruthAsync(ApertureMeter meter, string clip, string outputDirectory)
    {
        var name = Path.GetFileNameWithoutExtension(clip);
        var reversed = Cached($"{name}-reversed.mp4", path => BenchMedia.RunFfmpeg(
            "-i", clip, "-vf", "reverse", "-an", "-c:v", "libx264", "-preset", "fast", "-crf", "12", path));
        var rendered = Path.Combine(WorkDirectory, $"{name}-render.mp4");
        var render = await RenderPipeline.RunAsync(new RenderRequest(clip, reversed, rendered) { ScratchDirectory = WorkDirectory });

        var frameCount = (int)Math.Min(render.Frames, (await MediaProbe.ProbeVideoAsync(clip)).Video!.FrameCount ?? render.Frames);
        var strip = StripFrameIndices(frameCount);
        var real = await VideoMeasurement.MeasureAsync(meter, clip, strip);
        var drawn = await VideoMeasurement.MeasureAsync(meter, rendered, strip, real.FramesPerSecond);
        using var pcm = await AudioDecoder.DecodeMonoAsync(await MediaProbe.ProbeAudioAsync(clip));
        var envelope = SpeechEnvelope.PerFrame(pcm.Span, AudioDecoder.AnalysisSampleRate, real.FramesPerSecond, drawn.FrameCount);
        var band = BandEnergy.PerFrameDb(pcm.Span, AudioDecoder.AnalysisSampleRate, real.FramesPerSecond, real.FrameCount);
        var outside = await OutsideLowerFace.PsnrAsync(rendered, reversed, index => real.Faces[real.FrameCount - 1 - index]);

        var stripPath = Path.Combine(outputDirectory, $"strip-{name}.png");
        QualityStrip.Write(stripPath, strip, [new("rendered (reversed video, own speech)", drawn), new("real recording", real)]);
        var realAperture = real.Aperture;
        WritePlan(Path.Combine(outputDirectory, $"plan-{name}.csv"), render, envelope, drawn.Aperture, realAperture,
            [.. Enumerable.Range(0, drawn.FrameCount).Select(i => i < realAperture.Length ? realAperture[realAperture.Length - 1 - i] : double.NaN)]);
        return new TruthRow(
            name,
            frameCount,
            SyncScore.BestLag(drawn.Aperture, real.Aperture, SyncScore.TruthMaxLag),
            SyncScore.BestLag(drawn.Width, real.Width, SyncScore.TruthMaxLag),
            SyncScore.BestLag(real.Aperture, band, SyncScore.TruthMaxLag),
            QualityMath.Percentile(drawn.Aperture, 0.9) / QualityMath.Percentile(realAperture, 0.9),
            render.MouthPlan is { } plan ? plan.RangeP90 / QualityMath.Percentile(realAperture, 0.9) : double.NaN,
            SyncScore.BestLag(drawn.Aperture, envelope, SyncScore.EnvelopeMaxLag),
            drawn.Stability / real.Stability,
            outside,
            render.MouthMode ?? "neural",
            Path.GetFileName(stripPath));
    }

    private static async Task<UnrelatedRow> MeasureUnrelatedAsync(ApertureMeter meter, string avatar, string speechName, string speech, string outputDirectory)
    {
        var name = Path.GetFileNameWithoutExtension(avatar);
        var rendered = Path.Combine(WorkDirectory, $"{name}-{speechName}-render.mp4");
        var render = await RenderPipeline.RunAsync(new RenderRequest(speech, avatar, rendered) { ScratchDirectory = WorkDirectory });
        // Strip frames within the first pass of the video, where output frame i shows source frame i.
        var strip = StripFrameIndices((int)Math.Min(render.Frames, render.SourceFrames));
        var source = await VideoMeasurement.MeasureAsync(meter, avatar, strip, render.FramesPerSecond);
        var drawn = await VideoMeasurement.MeasureAsync(meter, rendered, strip, render.FramesPerSecond);
        using var pcm = await AudioDecoder.DecodeMonoAsync(await MediaProbe.ProbeAudioAsync(speech));
        var envelope = SpeechEnvelope.PerFrame(pcm.Span, AudioDecoder.AnalysisSampleRate, drawn.FramesPerSecond, drawn.FrameCount);
        var stripPath = Path.Combine(outputDirectory, $"strip-{name}-{speechName}.png");
        QualityStrip.Write(stripPath, strip, [new($"rendered with {speechName} speech", drawn), new("the video as it was", source)]);
        var (target, samples) = WritePlan(Path.Combine(outputDirectory, $"plan-{name}-{speechName}.csv"), render, envelope, drawn.Aperture);
        return new UnrelatedRow(
            name,
            speechName,
            SyncScore.BestLag(drawn.Aperture, envelope, SyncScore.EnvelopeMaxLag),
            new PlanFollowing(
                SyncScore.BestLag(target, envelope, SyncScore.EnvelopeMaxLag),
                SyncScore.AtLag(samples, target, 0),
                SyncScore.AtLag(drawn.Aperture, target, 0)),
            QualityMath.Percentile(drawn.Aperture, 0.9),
            QualityMath.Percentile(source.Aperture, 0.9),
            drawn.Stability / source.Stability,
            render.MouthMode ?? "neural",
            Path.GetFileName(stripPath));
    }

    /// <summary>The render's plan beside what was measured, per output frame (see <see cref="PlanFollowing.WriteCsv"/>).</summary>
    private static (double[] Target, double[] Samples) WritePlan(string path, RenderReport render, double[] loudness, double[] rendered, double[]? real = null, double[]? shown = null)
    {
        var plan = render.MouthPlan;
        double[] target = plan is null ? [] : [.. plan.Aperture.Select(value => (double)value)];
        double[] samples = plan is null ? [] : [.. plan.SampleAperture.Select(value => (double)value)];
        double[] painted = render.SyncCurves is { } curves ? [.. curves.Mouth.Select(value => value ?? double.NaN)] : [];
        PlanFollowing.WriteCsv(path, loudness, target, samples, painted, rendered, real, shown);
        return (target, samples);
    }

    private static IEnumerable<(string Name, string Path)> UnrelatedSpeech()
    {
        if (QualityMedia.Audio("speech-en-60s.wav") is { } english)
        {
            yield return ("English", Cached($"speech-en-{EnglishSeconds}s.wav", path => BenchMedia.RunFfmpeg(
                "-i", english, "-t", Invariant($"{EnglishSeconds}"), "-ac", "1", "-ar", "16000", path)));
        }
        if (QualityMedia.Audio("tts-zh.wav") is { } mandarin)
            yield return ("Mandarin", mandarin);
    }

    /// <summary>Eight frames spread evenly over the clip, away from its very ends.</summary>
    private static SortedSet<int> StripFrameIndices(int frameCount) =>
        [.. Enumerable.Range(0, StripFrames).Select(k => (int)((k + 0.5) * frameCount / StripFrames))];

    private static string Cached(string name, Action<string> make)
    {
        var path = Path.Combine(WorkDirectory, name);
        if (!File.Exists(path))
        {
            var partial = Path.Combine(WorkDirectory, "partial-" + name);
            make(partial);
            File.Move(partial, path, overwrite: true);
        }
        return path;
    }

    private static string GitCommit()
    {
        try
        {
            return BenchMedia.Run("git", "rev-parse", "--short", "HEAD").Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

/// <summary>How far the render left the frame alone outside the lower face: PSNR of luma against its input there.</summary>
internal static class OutsideLowerFace
{
    public static async Task<double> PsnrAsync(string rendered, string input, Func<int, FaceLandmarks?> inputFaces)
    {
        var renderedInfo = await MediaProbe.ProbeVideoAsync(rendered);
        await using var renderedReader = RawVideoReader.Open(renderedInfo);
        await using var inputReader = RawVideoReader.Open(await MediaProbe.ProbeVideoAsync(input), renderedReader.FramesPerSecond);
        var a = new VideoFrame(renderedReader.Width, renderedReader.Height);
        var b = new VideoFrame(inputReader.Width, inputReader.Height);
        double squared = 0;
        long count = 0;
        for (var index = 0; await renderedReader.ReadAsync(a) && await inputReader.ReadAsync(b); index++)
        {
            if (index >= 0 && inputFaces(index) is { } face)
                (squared, count) = Add(a, b, LowerFace(face, a.Width, a.Height), squared, count);
        }
        return count == 0 ? double.NaN : 10 * Math.Log10(255.0 * 255.0 / Math.Max(squared / count, 1e-6));
    }

    private static (double Squared, long Count) Add(VideoFrame a, VideoFrame b, PixelRect lowerFace, double squared, long count)
    {
        for (var y = 0; y < a.Height; y++)
        {
            var rowA = a.Y.Slice(y * a.Width, a.Width);
            var rowB = b.Y.Slice(y * b.Width, b.Width);
            var inRows = y >= lowerFace.Top && y < lowerFace.Bottom;
            for (var x = 0; x < a.Width; x++)
            {
                if (inRows && x >= lowerFace.Left && x < lowerFace.Right)
                    continue;
                var d = rowA[x] - rowB[x];
                squared += d * d;
                count++;
            }
        }
        return (squared, count);
    }

    /// <summary>From the nose's middle down to a quarter of the face below the chin, jaw to jaw with room to spare.</summary>
    private static PixelRect LowerFace(FaceLandmarks face, int width, int height)
    {
        var unit = face.InterOcularDistance;
        var left = Math.Max(0, (int)(Math.Min(face[2].X, face[3].X) - 0.3f * unit));
        var right = Math.Min(width, (int)(Math.Max(face[14].X, face[13].X) + 0.3f * unit));
        var top = Math.Max(0, (int)(face[29].Y - 0.1f * unit));
        var bottom = Math.Min(height, (int)(face[8].Y + 0.5f * unit));
        return new PixelRect(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
    }
}
