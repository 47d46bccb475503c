using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Pipeline;

/// <summary>Which subtitles a render makes, and from what.</summary>
public sealed record SubtitleRequest
{
    public static readonly SubtitleRequest None = new();

    public SubtitleFormats Formats { get; init; }

    /// <summary>For recorded speech: the user's SRT, WebVTT or plain-text script (for a script read aloud the script itself is used).</summary>
    public string? ScriptPath { get; init; }

    /// <summary>Spread an SRT or WebVTT script's text over the speech instead of keeping its own timings.</summary>
    public bool Retime { get; init; }
}

/// <summary>
/// A render with what surrounds it: the speech read from a script, when there is one, and subtitles.
/// <see cref="RenderRequest.AudioPath"/> is the recording for recorded speech, and where the synthesized
/// speech is written for a script.
/// </summary>
public sealed record SpokenRenderRequest(RenderRequest Render)
{
    /// <summary>Text to read aloud instead of a recording.</summary>
    public Script? Script { get; init; }

    /// <summary>The external TTS service, for the <c>service</c> voice.</summary>
    public TtsServiceOptions? TtsService { get; init; }

    public SubtitleRequest Subtitles { get; init; } = SubtitleRequest.None;

    /// <summary>Where the SubRip file goes: beside the output, <c>OUT.srt</c>.</summary>
    public string SrtPath => Path.ChangeExtension(Render.OutputPath, ".srt");

    /// <summary>Where the WebVTT file goes: beside the output, <c>OUT.vtt</c>.</summary>
    public string VttPath => Path.ChangeExtension(Render.OutputPath, ".vtt");
}

/// <param name="Speech">The script read aloud (its voice and when each phoneme and word is heard); null for recorded speech.</param>
/// <param name="Subtitles">The subtitle files written beside the output.</param>
public sealed record SpokenRenderResult(RenderReport Report, SynthesizedSpeech? Speech, IReadOnlyList<string> Subtitles);

/// <summary>
/// Runs a <see cref="SpokenRenderRequest"/>: reads the script aloud (a built-in voice's phonemes then drive the
/// mouth exactly; the service's audio is analysed like a recording), makes the subtitles from the words' times
/// or from the user's script, writes them beside the output and, if asked, burns them in while encoding.
/// The subtitle files are written before the video and removed again if the render fails, so a finished
/// output always has the subtitles it asked for.
/// </summary>
public static class SpokenRender
{
    public static async Task<SpokenRenderResult> RunAsync(
        SpokenRenderRequest request, IProgress<RenderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var formats = request.Subtitles.Formats;
        if (formats != SubtitleFormats.None && request.Script is null && request.Subtitles.ScriptPath is null)
            throw new ProblemException(Codes.Subtitles.NeedWords());
        // A bad subtitle script fails before any speech is made or video is decoded.
        var userScript = request.Script is null && request.Subtitles.ScriptPath is { } scriptPath
            ? await SubtitleScript.LoadAsync(scriptPath, cancellationToken)
            : null;

        var render = request.Render;
        SynthesizedSpeech? speech = null;
        if (request.Script is { } script)
        {
            progress?.Report(new RenderProgress(RenderStage.SynthesizingSpeech, 0, 0));
            speech = await SpeechSynthesis.SynthesizeAsync(script, render.AudioPath, request.TtsService, cancellationToken);
            render = render with { AudioProbe = speech.Probe };
            if (speech.PhonemesKnown)
                render = render with { MouthTrack = (fps, frames) => PhonemeMouthTrack.Build(speech.Timeline, fps, frames) };
        }

        // Spreading the user's words over the recording needs its probe; the render then takes the same one.
        if (formats != SubtitleFormats.None && userScript is not null && (!userScript.IsTimed || request.Subtitles.Retime))
            render = render with { AudioProbe = render.AudioProbe ?? await MediaProbe.ProbeAudioAsync(render.AudioPath, cancellationToken) };
        var cues = formats == SubtitleFormats.None ? [] : await CuesAsync(request, render.AudioProbe, speech, userScript, cancellationToken);
        var written = await WriteFilesAsync(request, cues, cancellationToken);
        try
        {
            if (formats.HasFlag(SubtitleFormats.Burn))
                render = render with { BurnedSubtitles = cues };
            var report = await RenderPipeline.RunAsync(render, progress, cancellationToken);
            return new SpokenRenderResult(report, speech, written);
        }
        catch
        {
            foreach (var file in written)
                File.Delete(file);
            throw;
        }
    }

    private static async Task<IReadOnlyList<SubtitleCue>> CuesAsync(
        SpokenRenderRequest request, MediaInfo? audio, SynthesizedSpeech? speech, SubtitleScript? userScript, CancellationToken cancellationToken)
    {
        if (speech is not null)
            return SubtitleCues.FromTimeline(request.Script!.Text, speech.Timeline);
        var script = userScript!;
        if (script.IsTimed && !request.Subtitles.Retime)
            return script.Cues!;
        // Plain text (or a re-timed subtitle file) is spread over the speech by its pauses.
        var timeline = await TextSpreader.OverAudioAsync(script.Text, audio!, cancellationToken);
        return SubtitleCues.FromTimeline(script.Text, timeline);
    }

    private static async Task<IReadOnlyList<string>> WriteFilesAsync(SpokenRenderRequest request, IReadOnlyList<SubtitleCue> cues, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        var formats = request.Subtitles.Formats;
        if (formats.HasFlag(SubtitleFormats.Srt))
            written.Add(await WriteTextAsync(request.SrtPath, SubRip.Write(cues), cancellationToken));
        if (formats.HasFlag(SubtitleFormats.Vtt))
            written.Add(await WriteTextAsync(request.VttPath, WebVtt.Write(cues), cancellationToken));
        return written;
    }

    private static async Task<string> WriteTextAsync(string path, string content, CancellationToken cancellationToken)
    {
        await OutputFile.WriteAsync(path, partial => File.WriteAllTextAsync(partial, content, cancellationToken), cancellationToken);
        return path;
    }
}
