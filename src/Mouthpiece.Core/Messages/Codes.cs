namespace Mouthpiece.Messages;

/// <summary>
/// Every message the product shows a person, one factory per code; its arguments are the parameters the
/// texts may use. To add one: add a factory here, add its text to every catalog (Catalogs/*.json), and
/// throw or store the <see cref="Message"/> it returns. The catalog test fails until both texts exist and
/// use no parameter the factory does not give.
/// </summary>
public static class Codes
{
    /// <summary>What a job is doing now.</summary>
    public static class Stages
    {
        public static Message Queued() => new("stage.queued");

        public static Message Starting() => new("stage.starting");

        public static Message SynthesizingSpeech() => new("stage.synthesizing_speech");

        public static Message Probing() => new("stage.probing");

        public static Message AnalyzingAudio() => new("stage.analyzing_audio");

        public static Message AnalyzingVideo() => new("stage.analyzing_video");

        public static Message Rendering() => new("stage.rendering");

        public static Message Finishing() => new("stage.finishing");

        public static Message Normalizing() => new("stage.normalizing");

        public static Message WaitingForNormalization() => new("stage.waiting_for_normalization");

        /// <summary>Its worker stopped answering and the lease ran out; another worker will take it.</summary>
        public static Message Requeued() => new("stage.requeued");

        public static Message WaitingToRetry() => new("stage.waiting_to_retry");

        public static Message Done() => new("stage.done");

        public static Message Failed() => new("stage.failed");

        public static Message Canceled() => new("stage.canceled");
    }

    /// <summary>Why a job failed, or why an action on a job was refused.</summary>
    public static class Jobs
    {
        public static Message WorkerLost(int attempts) => new("job.worker_lost", ("attempts", attempts));

        public static Message NormalizationCanceled() => new("job.normalization_canceled");

        public static Message NormalizationFailed(Message problem) => new("job.normalization_failed", ("problem", problem));

        /// <summary>An input's problem, naming the input as the user knows it.</summary>
        public static Message AudioProblem(string name, Message problem) => new("job.audio_problem", ("name", name), ("problem", problem));

        public static Message VideoProblem(string name, Message problem) => new("job.video_problem", ("name", name), ("problem", problem));

        /// <summary>A problem with a file that is neither of the job's inputs (its output, say).</summary>
        public static Message FileProblem(string name, Message problem) => new("job.file_problem", ("name", name), ("problem", problem));

        /// <summary>A problem with the recording's subtitle script (SRT, WebVTT or text), naming it as the user knows it.</summary>
        public static Message ScriptProblem(string name, Message problem) => new("job.script_problem", ("name", name), ("problem", problem));

        public static Message FailedAfterAttempts(int attempts, Message problem) => new("job.failed_after_attempts", ("attempts", attempts), ("problem", problem));

        /// <summary>Failed for good at once: running it again would fail the same way.</summary>
        public static Message WillRecur(Message problem) => new("job.will_recur", ("problem", problem));

        public static Message NormalizedCopyGone() => new("job.normalized_copy_gone");

        public static Message AlreadyFinished() => new("job.already_finished");

        public static Message NotRetryable() => new("job.not_retryable");
    }

    /// <summary>Where a job is in the queue and how long it has left (the estimator's numbers).</summary>
    public static class Waiting
    {
        /// <summary>A queued job: its stage, its place among the queued renders (1 = next), when it should start and be done.</summary>
        public static Message InLine(Message stage, int position, double startsInSeconds, double leftSeconds) =>
            new("queue.waiting", ("stage", stage), ("position", position), ("startsIn", Math.Round(startsInSeconds)), ("left", Math.Round(leftSeconds)));

        /// <summary>A running job: its stage and the time it still needs.</summary>
        public static Message Running(Message stage, double leftSeconds) => new("queue.running", ("stage", stage), ("left", Math.Round(leftSeconds)));
    }

    /// <summary>Failures that are nobody's input: a tool crashed, the disk filled up.</summary>
    public static class Errors
    {
        /// <summary>A failure with no code of its own; <paramref name="detail"/> is the tool's or system's own words.</summary>
        public static Message Unexpected(string detail) => new("error.unexpected", ("detail", detail));

        public static Message DiskLow(double freeMb, double neededMb, string directory) =>
            new("disk.low", ("freeMb", Math.Round(freeMb)), ("neededMb", Math.Round(neededMb)), ("directory", directory));

        public static Message NewJobsRefused(Message problem) => new("disk.new_jobs_refused", ("problem", problem));

        /// <summary>The embedded queue refuses a data directory where SQLite's locks are not reliable.</summary>
        public static Message NetworkFileSystem(string directory, string type) => new("disk.network_file_system", ("directory", directory), ("type", type));

        /// <summary>A folder of the data directory cannot be written; <paramref name="detail"/> is the system's own words.</summary>
        public static Message StorageNotWritable(string folder, string detail) => new("storage.not_writable", ("folder", folder), ("detail", detail));

        /// <summary>A stage or error stored as an English sentence before codes existed, kept word for word.</summary>
        public static Message Legacy(string text) => new("legacy.text", ("text", text));
    }

    /// <summary>What is wrong with a user's media file; shown after the file's name.</summary>
    public static class Inputs
    {
        public static Message NotFound() => new("input.not_found");

        public static Message IsDirectory() => new("input.is_directory");

        public static Message PermissionDenied() => new("input.permission_denied");

        public static Message Empty() => new("input.empty");

        public static Message Playlist() => new("input.playlist");

        public static Message ConcatList() => new("input.concat_list");

        public static Message TextFile() => new("input.text_file");

        public static Message ProbeTimeout(double seconds) => new("input.probe_timeout", ("seconds", seconds));

        public static Message ContainerRefused() => new("input.container_refused");

        public static Message IndexMissing() => new("input.index_missing");

        public static Message UnknownFormat() => new("input.unknown_format");

        /// <summary><paramref name="detail"/> is ffprobe's own last word.</summary>
        public static Message Damaged(string detail) => new("input.damaged", ("detail", detail));

        public static Message NoStreams() => new("input.no_streams");

        public static Message TooManyStreams(int streams, int max) => new("input.too_many_streams", ("streams", streams), ("max", max));

        public static Message TooLong(double seconds, double maxHours) => new("input.too_long", ("seconds", seconds), ("maxHours", maxHours));

        public static Message FrameSize(int width, int height, int max) => new("input.frame_size", ("width", width), ("height", height), ("max", max));

        public static Message NoVideo() => new("input.no_video");

        /// <summary>Not one frame of the video decodes: a damaged file, or a codec ffmpeg cannot read.</summary>
        public static Message VideoUndecodable(string codec) => new("input.video_undecodable", ("codec", codec));

        /// <summary>The file stops decoding before its end; <paramref name="detail"/> is the decoder's own words.</summary>
        public static Message DamagedMidway(string detail) => new("input.damaged_midway", ("detail", detail));

        public static Message NoVideoToNormalize() => new("input.no_video_to_normalize");

        public static Message NoAudio() => new("input.no_audio");

        public static Message AudioUndecodable(string detail) => new("input.audio_undecodable", ("detail", detail));

        public static Message AudioTooShort() => new("input.audio_too_short");

        public static Message NoFace() => new("input.no_face");

        /// <summary>The face chosen with --face-index (0-based) is not there.</summary>
        public static Message NoFaceAtIndex(int index) => new("input.no_face_at_index", ("index", index));

        public static Message NoFrames() => new("input.no_frames");

        public static Message EndedEarly(long frames, long expected) => new("input.ended_early", ("frames", frames), ("expected", expected));

        public static Message DecodingEndedInsideFrame(long frame) => new("input.decoding_ended_inside_frame", ("frame", frame));

        public static Message DecodingFailed(long frames, string detail) => new("input.decoding_failed", ("frames", frames), ("detail", detail));

        public static Message NothingToMeasure() => new("input.nothing_to_measure");

        public static Message NoFaceToMeasure() => new("input.no_face_to_measure");

        public static Message OutputDirectoryMissing(string directory) => new("output.directory_missing", ("directory", directory));

        public static Message OutputDirectoryNotWritable(string directory, string detail) =>
            new("output.directory_not_writable", ("directory", directory), ("detail", detail));
    }

    /// <summary>What is wrong with a script to be read aloud, or with its voice.</summary>
    public static class Speech
    {
        public static Message Missing() => new("speech.missing");

        /// <summary>A recording with no sound at all: the render still runs if the user goes on.</summary>
        public static Message Silent(string name) => new("speech.silent", ("name", name));

        /// <summary><paramref name="levelDbfs"/> is the level where the speech is loudest.</summary>
        public static Message NearSilent(string name, double levelDbfs) => new("speech.near_silent", ("name", name), ("level", Math.Round(levelDbfs)));

        public static Message ScriptEmpty() => new("script.empty");

        public static Message ScriptTooLong(int characters, int max) => new("script.too_long", ("characters", characters), ("max", max));

        public static Message FileTooLarge(long kb, long maxKb) => new("script.file_too_large", ("kb", kb), ("maxKb", maxKb));

        public static Message NotText() => new("script.not_text");

        public static Message UnknownVoice(string voice) => new("voice.unknown", ("voice", voice));

        /// <summary><paramref name="variable"/> is the environment variable that names the service.</summary>
        public static Message NoService(string variable) => new("voice.no_service", ("variable", variable));
    }

    /// <summary>What is wrong with the subtitles asked for, or with a subtitle file.</summary>
    public static class Subtitles
    {
        public static Message NeedWords() => new("subtitles.need_words");

        public static Message ScriptForRecording() => new("subtitles.script_for_recording");

        public static Message ScriptForOneRecording() => new("subtitles.script_for_one_recording");

        public static Message UnknownFormat(string name) => new("subtitles.unknown_format", ("name", name));

        /// <summary><paramref name="example"/> is a time range as the format writes it.</summary>
        public static Message BadTiming(int line, string example, string found) => new("subtitles.bad_timing", ("line", line), ("example", example), ("found", found));

        public static Message EndsBeforeStart(int line, string found) => new("subtitles.ends_before_start", ("line", line), ("found", found));

        public static Message CueWithoutText(int line) => new("subtitles.cue_without_text", ("line", line));

        public static Message NoCues() => new("subtitles.no_cues");

        public static Message TooManyCues(int cues, int max) => new("subtitles.too_many_cues", ("cues", cues), ("max", max));

        public static Message WebVttHeader() => new("subtitles.webvtt_header");
    }

    /// <summary>How a video breaks the input policy (a reason to normalize it), or what is merely noted.</summary>
    public static class Policy
    {
        public static Message Codec(string codec) => new("policy.codec", ("codec", codec));

        public static Message PixelFormat(string format) => new("policy.pixel_format", ("format", format));

        public static Message Resolution(int width, int height, int maxWidth, int maxHeight) =>
            new("policy.resolution", ("width", width), ("height", height), ("maxWidth", maxWidth), ("maxHeight", maxHeight));

        public static Message FrameRate(double fps, double max) => new("policy.frame_rate", ("fps", fps), ("max", max));

        public static Message BitRateHigh(double mbps, double max) => new("policy.bitrate_high", ("mbps", mbps), ("max", max));

        public static Message BitRateLow(double mbps, double min) => new("policy.bitrate_low", ("mbps", mbps), ("min", min));
    }

    /// <summary>Why an upload or a submission is refused.</summary>
    public static class Uploads
    {
        public static Message KindInvalid() => new("upload.kind_invalid");

        public static Message AudioExtension(string name, string accepted) => new("upload.audio_extension", ("name", name), ("accepted", accepted));

        public static Message VideoExtension(string name, string accepted) => new("upload.video_extension", ("name", name), ("accepted", accepted));

        public static Message TooLarge(string name, long limitMib) => new("upload.too_large", ("name", name), ("limitMib", limitMib));

        public static Message Empty(string name) => new("upload.empty", ("name", name));

        public static Message ContentIsText(string name, string extension) => new("upload.content_text", ("name", name), ("extension", extension));

        public static Message ContentIsPlaylist(string name, string extension) => new("upload.content_playlist", ("name", name), ("extension", extension));

        public static Message ContentIsConcatList(string name, string extension) => new("upload.content_concat_list", ("name", name), ("extension", extension));

        public static Message ContentUnknown(string name, string extension) => new("upload.content_unknown", ("name", name), ("extension", extension));

        public static Message ContentOther(string name, string extension, string container) =>
            new("upload.content_other", ("name", name), ("extension", extension), ("container", container));

        public static Message Unusable(string name, Message problem) => new("upload.unusable", ("name", name), ("problem", problem));

        public static Message NotFound(string id) => new("upload.not_found", ("id", id));

        public static Message ScriptExtension(string name, string accepted) => new("upload.script_extension", ("name", name), ("accepted", accepted));

        /// <summary>A subtitle script was given where a recording or video belongs.</summary>
        public static Message IsAScript(string id) => new("upload.is_a_script", ("id", id));

        /// <summary>A recording or video was given where a subtitle script belongs.</summary>
        public static Message NotAScript(string id) => new("upload.not_a_script", ("id", id));

        public static Message BatchShape() => new("batch.shape");
    }

    /// <summary>Requests the server refuses before looking at them.</summary>
    public static class Security
    {
        public static Message ApiKeyRequired(string header) => new("security.api_key_required", ("header", header));

        public static Message CrossSite() => new("security.cross_site");

        public static Message TooManyRequests(int perMinute) => new("security.too_many_requests", ("perMinute", perMinute));
    }

    /// <summary>Requests the web server refuses for their form, before any handler looks at them.</summary>
    public static class Requests
    {
        public static Message BodyRequired() => new("request.body_required");

        public static Message BodyNotJson() => new("request.body_not_json");

        /// <summary><paramref name="path"/> is the JSON path of the bad value, e.g. <c>$.audio</c>.</summary>
        public static Message BodyValueInvalid(string path) => new("request.body_value_invalid", ("path", path));

        public static Message BodyMissingProperties(string names) => new("request.body_missing_properties", ("names", names));

        public static Message BodyContentType() => new("request.body_content_type");

        public static Message BodyTooLarge(long limitBytes) => new("request.body_too_large", ("limitBytes", limitBytes));

        /// <summary>The body stopped arriving for <paramref name="seconds"/>; the request was cut off.</summary>
        public static Message BodyStalled(double seconds) => new("request.body_stalled", ("seconds", seconds));

        public static Message ParameterMissing(string name) => new("request.parameter_missing", ("name", name));

        public static Message ParameterInvalid(string name, string value) => new("request.parameter_invalid", ("name", name), ("value", value));

        public static Message PropertyRequired(string name) => new("request.property_required", ("name", name));

        public static Message ItemRequired(string name, int index) => new("request.item_required", ("name", name), ("index", index));

        public static Message TextTooLong(string name, int length, int max) => new("request.text_too_long", ("name", name), ("length", length), ("max", max));

        public static Message TooManyItems(string name, int count, int max) => new("request.too_many_items", ("name", name), ("count", count), ("max", max));

        /// <summary>A request the server could not read, in the web server's own words.</summary>
        public static Message Unreadable(string detail) => new("request.unreadable", ("detail", detail));

        public static Message NotFound() => new("request.not_found");

        public static Message MethodNotAllowed() => new("request.method_not_allowed");

        public static Message HostRefused() => new("request.host_refused");

        /// <summary>Any other refusal that came without words of its own.</summary>
        public static Message Refused(int status) => new("request.refused", ("status", status));

        /// <summary>The server's own fault; the log has the details under <paramref name="requestId"/>.</summary>
        public static Message Internal(string requestId) => new("request.internal_error", ("requestId", requestId));
    }

    /// <summary>Answers of the HeyGem-compatible API (its <c>msg</c>).</summary>
    public static class HeyGem
    {
        public static Message CodeRequired(int maxLength) => new("heygem.code_required", ("maxLength", maxLength));

        public static Message BadFiles(Message audio, Message video) => new("heygem.bad_files", ("audio", audio), ("video", video));

        public static Message Duplicate(string code) => new("heygem.duplicate", ("code", code));

        public static Message UnknownTask() => new("heygem.unknown_task");

        /// <summary>What HeyGem's <c>chaofen</c> (super-resolution) does here.</summary>
        public static Message ChaofenHere() => new("heygem.chaofen_here");

        /// <summary>What HeyGem's <c>watermark_switch</c> does here.</summary>
        public static Message WatermarkHere() => new("heygem.watermark_here");

        public static Message ResultNotWritten(string folder, Message reason) => new("heygem.result_not_written", ("folder", folder), ("reason", reason));

        public static Message FileOk() => new("inbox.ok");

        public static Message NameRequired() => new("inbox.name_required");

        public static Message NotAFile(string name) => new("inbox.url", ("name", name));

        public static Message OutsideInbox(string name) => new("inbox.outside", ("name", name));

        public static Message SymbolicLink(string name) => new("inbox.link", ("name", name));

        public static Message NotInInbox(string name) => new("inbox.missing", ("name", name));
    }

    /// <summary>The words of a result's sync chart.</summary>
    public static class Charts
    {
        /// <param name="score">The correlation, formatted (0.52).</param>
        /// <param name="lag">The lag in frames, signed (+1).</param>
        public static Message SyncTitle(string score, string lag) => new("chart.sync_title", ("score", score), ("lag", lag));

        public static Message SyncNotMeasured() => new("chart.sync_not_measured");

        public static Message DrawnMouth() => new("chart.drawn_mouth");

        public static Message SpeechLoudness() => new("chart.speech_loudness");

        public static Message Time() => new("chart.time");

        public static Message Scaled() => new("chart.scaled");
    }

    /// <summary>The output settings (<c>--size</c>, <c>--quality</c>, <c>--long-audio</c>, and the API's fields).</summary>
    public static class Output
    {
        public static Message UnknownSize(string name, string choices) => new("output.unknown_size", ("name", name), ("choices", choices));

        public static Message UnknownQuality(string name, string choices) => new("output.unknown_quality", ("name", name), ("choices", choices));

        public static Message UnknownLongAudio(string name, string choices) => new("output.unknown_long_audio", ("name", name), ("choices", choices));
    }

    /// <summary>The engine, model and device a render chooses (<c>--engine</c>, <c>--model</c>, <c>--device</c>, and the API's fields).</summary>
    public static class Engines
    {
        public static Message UnknownEngine(string name) => new("engine.unknown", ("name", name));

        public static Message ModelNeedsWav2Lip() => new("engine.model_needs_neural_engine");

        public static Message Wav2LipNeedsModel() => new("engine.neural_engine_needs_model");

        public static Message UnknownDevice(string name) => new("device.unknown", ("name", name));

        /// <summary>The API names models; only files directly in the server's models folder count.</summary>
        public static Message ModelNotInFolder(string name) => new("model.not_in_folder", ("name", name));

        public static Message ModelMissing() => new("model.missing");

        /// <summary><paramref name="detail"/> is ONNX Runtime's own word.</summary>
        public static Message ModelUnloadable(string detail) => new("model.unloadable", ("detail", detail));

        /// <summary>Every way a model does not fit Wav2Lip's contract, joined with <see cref="AndThen"/>.</summary>
        public static Message ModelContract(Message mismatches) => new("model.contract", ("mismatches", mismatches));

        public static Message NoFaceInput(string inputs) => new("model.no_face_input", ("inputs", inputs));

        public static Message NoAudioInput(string inputs) => new("model.no_audio_input", ("inputs", inputs));

        public static Message NoFaceOutput(string outputs) => new("model.no_face_output", ("outputs", outputs));

        public static Message NotFloat(string value, string type) => new("model.not_float", ("value", value), ("type", type));

        public static Message InputCount(int count, string inputs) => new("model.input_count", ("count", count), ("inputs", inputs));

        public static Message BatchesDiffer(long face, long audio) => new("model.batches_differ", ("face", face), ("audio", audio));

        /// <summary>Two problems in one line: "first; rest".</summary>
        public static Message AndThen(Message first, Message rest) => new("list.and_then", ("first", first), ("rest", rest));
    }

    /// <summary>Saved avatars: names, lookups.</summary>
    public static class Avatars
    {
        public static Message BadName(string name, int maxLength) => new("avatar.bad_name", ("name", name), ("maxLength", maxLength));

        public static Message Exists(string name) => new("avatar.exists", ("name", name));

        public static Message NotFound(string name) => new("avatar.not_found", ("name", name));

        public static Message VideoOrAvatar() => new("avatar.video_or_avatar");
    }

    /// <summary>The command line's own refusals and summaries.</summary>
    public static class Cli
    {
        public static Message BatchInputs() => new("cli.batch_inputs");

        public static Message BadBitRate(string text) => new("cli.bad_bitrate", ("text", text));

        public static Message NoSuchJob(string id, string action) => new("cli.no_such_job", ("id", id), ("action", action));

        public static Message Canceled() => new("cli.canceled");

        public static Message BatchSummary(int done, int total, string directory) =>
            new("cli.batch_summary", ("done", done), ("total", total), ("directory", directory));

        public static Message NoReason() => new("cli.no_reason");

        /// <summary>A finished batch's line under its table.</summary>
        public static Message BatchProgress(int done, int total) => new("cli.batch_progress", ("done", done), ("total", total));

        /// <summary>A batch's line under its table while it runs: items done and its own time left.</summary>
        public static Message BatchProgressLeft(int done, int total, double leftSeconds) =>
            new("cli.batch_progress_left", ("done", done), ("total", total), ("left", Math.Round(leftSeconds)));

        public static Message SpeechMissing() => new("cli.speech_missing");

        public static Message VideoMissing() => new("cli.video_missing");

        public static Message VideoTwice() => new("cli.video_twice");

        public static Message TextTwice() => new("cli.text_twice");

        public static Message VoiceWithoutText() => new("cli.voice_without_text");

        public static Message ScriptWithText() => new("cli.script_with_text");

        public static Message RetimeWithoutScript() => new("cli.retime_without_script");
    }
}
