using Mouthpiece.Avatars;
using Mouthpiece.Devices;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using Mouthpiece.Wav2Lip;
using Mouthpiece.Messages;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Jobs;

/// <summary>What a single render and a batch choose alike: everything but the speech and the videos.</summary>
public abstract record SubmitChoices
{
    /// <summary>Which face speaks, 0 = the largest; an avatar's own choice holds unless this is given.</summary>
    public int? FaceIndex { get; init; }

    /// <summary>The voice for the script (GET /api/voices); default auto.</summary>
    public string? Voice { get; init; }

    /// <summary>Any of "srt", "vtt", "burn".</summary>
    public IReadOnlyList<string>? Subtitles { get; init; }

    /// <summary>For recorded speech: upload id of its SRT, WebVTT or plain-text script, for the subtitles.</summary>
    public string? Script { get; init; }

    /// <summary>Spread an SRT/WebVTT script's text over the speech instead of keeping its timings.</summary>
    public bool RetimeScript { get; init; }

    /// <summary>"classic" (default) or "wav2lip".</summary>
    public string? Engine { get; init; }

    /// <summary>The name of a model in the server's models folder (GET /api/engines), for wav2lip.</summary>
    public string? Model { get; init; }

    /// <summary>"auto" (default), "cpu" or "gpu".</summary>
    public string? Device { get; init; }

    /// <summary>A saved avatar's name (GET /api/avatars) in place of the (one) video.</summary>
    public string? Avatar { get; init; }

    /// <summary>"source" (default), "1080", "720" or "480": the output's short side in pixels.</summary>
    public string? Size { get; init; }

    /// <summary>"draft", "standard" (default) or "high": a named encoder setting (README, Output settings).</summary>
    public string? Quality { get; init; }

    /// <summary>"pingpong" (default) or "loop": how a video shorter than the speech plays.</summary>
    public string? LongAudio { get; init; }
}

/// <summary>What the page posts to start one render: upload ids (never server paths), or a script to read aloud instead of the audio.</summary>
/// <param name="Audio">Upload id of the speech; or give <paramref name="Text"/>.</param>
/// <param name="Video">Upload id of the person's video; or give <see cref="SubmitChoices.Avatar"/>.</param>
/// <param name="Text">A script for a voice to read, in place of <paramref name="Audio"/>.</param>
public sealed record SubmitJob(string? Audio, string? Video, string? Text = null) : SubmitChoices;

/// <summary>
/// One speech and many videos, or many speeches and one video, by upload id. A speech is an audio upload or a
/// script: <paramref name="Texts"/> with one text for many videos, or many texts for one video.
/// </summary>
/// <param name="Audios">Upload ids of the speeches; or give <paramref name="Texts"/>.</param>
/// <param name="Videos">Upload ids of the videos; <see cref="SubmitChoices.Avatar"/> counts as one more.</param>
/// <param name="Texts">Scripts for a voice to read, in place of <paramref name="Audios"/>.</param>
public sealed record SubmitBatch(IReadOnlyList<string>? Audios, IReadOnlyList<string>? Videos, IReadOnlyList<string>? Texts = null) : SubmitChoices;

/// <summary>Turns upload ids and scripts into job requests for the job system; the job system names the results (<see cref="OutputNames"/>).</summary>
public sealed class JobRequests(UploadReceiver uploads, WebAppOptions options, AvatarLibrary avatars)
{
    public async Task<JobRequest> SingleAsync(SubmitJob body, CancellationToken cancellationToken)
    {
        if (body.Video is null && body.Avatar is null)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Requests.PropertyRequired("video"));
        var choices = Choices(body);
        var speech = await SpeechAsync(body.Audio is null ? [] : [body.Audio], body.Text is null ? [] : [body.Text], body.Voice, cancellationToken);
        if (speech.Count != 1)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Speech.Missing());
        var video = await VideoAsync(body.Video, body.Avatar, cancellationToken);
        return Request(speech[0], video, await OptionsAsync(choices with { FaceIndex = body.FaceIndex ?? video.FaceIndex }, body.Subtitles, body.Script, body.RetimeScript, speech[0], cancellationToken));
    }

    public async Task<IReadOnlyList<JobRequest>> BatchAsync(SubmitBatch body, CancellationToken cancellationToken)
    {
        if (body.Videos is null && body.Avatar is null)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Requests.PropertyRequired("videos"));
        var choices = Choices(body);
        var speeches = await SpeechAsync(body.Audios ?? [], body.Texts ?? [], body.Voice, cancellationToken);
        var videoCount = (body.Videos?.Count ?? 0) + (body.Avatar is null ? 0 : 1);
        if ((body.Audios?.Count > 0 && body.Texts?.Count > 0) || speeches.Count == 0 || videoCount == 0 || (speeches.Count > 1 && videoCount > 1))
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Uploads.BatchShape());
        var videos = new List<Found>();
        foreach (var id in body.Videos ?? [])
            videos.Add(await UploadAsync(id, UploadKind.Video, cancellationToken));
        if (body.Avatar is not null)
            videos.Add(await VideoAsync(null, body.Avatar, cancellationToken));
        if (body.Script is not null && speeches.Count > 1)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Subtitles.ScriptForOneRecording());
        var jobOptions = await OptionsAsync(choices with { FaceIndex = body.FaceIndex ?? videos[0].FaceIndex }, body.Subtitles, body.Script, body.RetimeScript, speeches[0], cancellationToken);
        var byVideo = videos.Count > 1 || speeches.Count == 1;
        return byVideo
            ? [.. videos.Select(video => Request(speeches[0], video, jobOptions))]
            : [.. speeches.Select(speech => Request(speech, videos[0], jobOptions))];
    }

    /// <summary>
    /// The render choices, checked before anything is accepted: a bad name is 400, a model that is not in the models
    /// folder 404, one that does not fit Wav2Lip's contract 422, each saying what to change.
    /// </summary>
    private JobOptions Choices(SubmitChoices body)
    {
        try
        {
            var modelPath = body.Model is null ? null : ModelPath(body.Model);
            var choice = EngineChoice.Parse(body.Engine, modelPath);
            if (choice.ModelPath is { } path)
                Wav2LipModel.Check(path);
            return new JobOptions
            {
                Engine = choice.Name,
                ModelPath = choice.ModelPath,
                Device = body.Device is null ? null : ComputeDevices.Parse(body.Device).Name(),
                Output = Output(body.Size, body.Quality, body.LongAudio),
            };
        }
        catch (MediaInputException e)
        {
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, Codes.Uploads.Unusable(body.Model!, e.Problem));
        }
        catch (ProblemException e) when (e is not UploadRejectedException)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, e.Problem);
        }
    }

    /// <summary>The output settings; a name that is not a choice is 400, listing the choices.</summary>
    internal static OutputSettings Output(string? size, string? quality, string? longAudio)
    {
        try
        {
            return OutputSettings.Parse(size, quality, longAudio);
        }
        catch (ProblemException e)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, e.Problem);
        }
    }

    /// <summary>A model is named, never given as a path: only files directly in the models folder can be used.</summary>
    private string ModelPath(string name)
    {
        var path = Path.Combine(options.Data.Models, name);
        if (name != Path.GetFileName(name) || !name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
            throw new UploadRejectedException(StatusCodes.Status404NotFound, Codes.Engines.ModelNotInFolder(SafeName.Of(name, "(empty)")));
        return path;
    }

    /// <summary>The options a render shares with its batch, and the subtitle script it reads, if any.</summary>
    private sealed record RenderOptions(JobOptions Job, Found? SubtitleScript);

    /// <param name="choices">The face, engine, model and device chosen; the subtitle choices are added to them.</param>
    private async Task<RenderOptions> OptionsAsync(
        JobOptions choices, IReadOnlyList<string>? subtitles, string? scriptId, bool retime, Speech speech, CancellationToken cancellationToken)
    {
        SubtitleFormats formats;
        try
        {
            formats = SubtitleFormatNames.Parse(subtitles);
        }
        catch (ProblemException e)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, e.Problem);
        }
        if (scriptId is not null && speech.Script is not null)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Subtitles.ScriptForRecording());
        var script = scriptId is null ? null : await UploadAsync(scriptId, UploadKind.Script, cancellationToken);
        if (formats != SubtitleFormats.None && speech.Script is null && script is null)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Subtitles.NeedWords());
        if (script is not null && formats == SubtitleFormats.None)
            formats = SubtitleFormats.Srt;
        return new RenderOptions(choices with { Subtitles = formats, RetimeScript = retime }, script);
    }

    private static JobRequest Request(Speech speech, Found video, RenderOptions options) =>
        new(speech.Audio?.Path, video.Path, options.Job)
        {
            AudioProbe = speech.Audio?.Probe,
            VideoProbe = video.Probe,
            VideoHash = video.Hash,
            Script = speech.Script,
            AudioName = speech.Audio?.Name,
            VideoName = video.Name,
            SubtitleScriptPath = options.SubtitleScript?.Path,
            SubtitleScriptName = options.SubtitleScript?.Name,
        };

    /// <summary>Audio uploads or scripts (checked: not empty, not too long, a voice that exists).</summary>
    private async Task<List<Speech>> SpeechAsync(IReadOnlyList<string> audioIds, IReadOnlyList<string> texts, string? voice, CancellationToken cancellationToken)
    {
        var speeches = new List<Speech>();
        foreach (var id in audioIds)
            speeches.Add(new Speech(await UploadAsync(id, UploadKind.Audio, cancellationToken), null));
        foreach (var text in texts)
        {
            try
            {
                var script = Script.Checked(text, voice, "script");
                Voices.Resolve(script.Voice, script.Text, options.TtsService);
                speeches.Add(new Speech(null, script));
            }
            catch (MediaInputException e)
            {
                throw new UploadRejectedException(StatusCodes.Status400BadRequest, e.Problem);
            }
        }
        return speeches;
    }

    private async Task<Found> UploadAsync(string id, UploadKind kind, CancellationToken cancellationToken)
    {
        if (await uploads.FindAsync(id, cancellationToken) is not { } found)
            throw new UploadRejectedException(StatusCodes.Status404NotFound, Codes.Uploads.NotFound(SafeName.Of(id, "(empty)")));
        // Speech may come from a video's sound; a subtitle script must be a script.
        if ((kind == UploadKind.Script) != (found.Upload.Kind == UploadKind.Script))
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, kind == UploadKind.Script ? Codes.Uploads.NotAScript(SafeName.Of(id)) : Codes.Uploads.IsAScript(SafeName.Of(id)));
        return new Found(uploads.PathOf(found.Upload), found.Upload.OriginalName) { Probe = uploads.ProbeOf(found.Upload) };
    }

    /// <summary>An uploaded video, or a saved avatar's (named after the avatar, with the face it speaks with).</summary>
    private async Task<Found> VideoAsync(string? uploadId, string? avatarName, CancellationToken cancellationToken)
    {
        if (uploadId is not null && avatarName is not null)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Avatars.VideoOrAvatar());
        if (uploadId is not null)
            return await UploadAsync(uploadId, UploadKind.Video, cancellationToken);
        var avatar = avatars.Find(avatarName!) ?? throw new UploadRejectedException(StatusCodes.Status404NotFound, Codes.Avatars.NotFound(SafeName.Of(avatarName, "(empty)")));
        return new Found(avatar.VideoPath, avatar.Name + ".mp4") { FaceIndex = avatar.FaceIndex, Hash = ContentHash.Parse(avatar.Hash) };
    }

    private sealed record Found(string Path, string Name)
    {
        /// <summary>The face an avatar speaks with.</summary>
        public int? FaceIndex { get; init; }

        /// <summary>What ffprobe said when the file was uploaded.</summary>
        public MediaInfo? Probe { get; init; }

        /// <summary>An avatar's content hash, taken when it was saved.</summary>
        public ContentHash? Hash { get; init; }
    }

    /// <summary>A recording or a script; its name is the recording's, or the script's first words.</summary>
    private sealed record Speech(Found? Audio, Script? Script)
    {
        public string Name => Audio?.Name ?? Script!.Title;
    }
}
