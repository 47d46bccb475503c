using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Avatars;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.HeyGem;

/// <summary>
/// HeyGem's "easy" API, so its clients and scripts work unchanged: <c>POST /easy/submit</c> with
/// <c>{audio_url, video_url, code}</c> and <c>GET /easy/query?code=</c>. The "urls" are names of files in
/// the inbox folder; a finished result is copied into the inbox's working folder and <c>result</c> is its name there
/// (see <see cref="Inbox"/>). Answers always carry HeyGem's envelope: code 10000 for success, 10002 for a bad
/// request, 10004 for an unknown task, 9999 when the result cannot be written into the inbox.
/// </summary>
public static class HeyGemApi
{
    public const int SystemError = 9999;
    public const int Success = 10000;
    public const int BadRequest = 10002;
    public const int UnknownTask = 10004;

    private const int MaxCodeLength = 128;

    public enum TaskStatus
    {
        Running = 1,
        Done = 2,
        Failed = 3,
    }

    /// <param name="Pn">HeyGem's flag for a video shorter than the speech: 1 (or absent) plays it back and forth, anything else loops it (0 or 1, as a number or a string).</param>
    /// <param name="Chaofen">HeyGem's super-resolution flag: accepted, and answered with what it does here (nothing: the output keeps the video's size).</param>
    /// <param name="WatermarkSwitch">HeyGem's watermark flag: accepted, and answered with what it does here (nothing: no watermark is ever added).</param>
    public sealed record SubmitRequest(
        [property: JsonPropertyName("audio_url")] string? AudioUrl,
        [property: JsonPropertyName("video_url")] string? VideoUrl,
        [property: JsonPropertyName("code")] string? Code,
        [property: JsonPropertyName("avatar")] string? Avatar = null,
        [property: JsonPropertyName("pn")] JsonElement? Pn = null,
        [property: JsonPropertyName("chaofen")] JsonElement? Chaofen = null,
        [property: JsonPropertyName("watermark_switch")] JsonElement? WatermarkSwitch = null);

    /// <summary>What a submission was accepted with: the task's code and what each HeyGem flag does here.</summary>
    /// <param name="LongAudio">"pingpong" (pn 1) or "loop" (pn 0): how a video shorter than the speech plays.</param>
    /// <param name="ChaofenNote">What chaofen does here, in the request's language.</param>
    /// <param name="WatermarkNote">What watermark_switch does here, in the request's language.</param>
    public sealed record SubmitData(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("pn")] int Pn,
        [property: JsonPropertyName("long_audio")] string LongAudio,
        [property: JsonPropertyName("chaofen")] int Chaofen,
        [property: JsonPropertyName("chaofen_note")] string ChaofenNote,
        [property: JsonPropertyName("watermark_switch")] int WatermarkSwitch,
        [property: JsonPropertyName("watermark_note")] string WatermarkNote);

    public sealed record Envelope<T>(
        [property: JsonPropertyName("code")] int Code,
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("msg")] string Msg,
        [property: JsonPropertyName("data")] T? Data);

    /// <summary>HeyGem's task fields, and Mouthpiece's own place in line and time left (the numbers the page shows), which HeyGem clients ignore.</summary>
    public sealed record TaskData(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("progress")] int Progress,
        [property: JsonPropertyName("msg")] string Msg,
        [property: JsonPropertyName("result")] string Result,
        [property: JsonPropertyName("queue_position")] int? QueuePosition = null,
        [property: JsonPropertyName("remaining_seconds")] double? RemainingSeconds = null);

    public static void MapHeyGem(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/easy").WithTags("HeyGem-compatible");
        group.MapPost("submit", SubmitAsync).Produces<Envelope<SubmitData>>();
        group.MapGet("query", QueryAsync).Produces<Envelope<TaskData>>();
    }

    public static IServiceCollection AddHeyGem(this IServiceCollection services) => services.AddSingleton<Inbox>();

    private static async Task<IResult> SubmitAsync(
        SubmitRequest body, Inbox inbox, AvatarLibrary avatars, IWebStore store, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Length > MaxCodeLength)
            return Fail(BadRequest, Codes.HeyGem.CodeRequired(MaxCodeLength));
        var (audio, audioProblem) = inbox.Resolve(body.AudioUrl);
        // A saved avatar may stand in for video_url: its video is ours, already checked and analysed.
        var avatar = body.Avatar is null ? null : avatars.Find(body.Avatar);
        var (video, videoProblem) = body.Avatar is null ? inbox.Resolve(body.VideoUrl)
            : avatar is null ? (null, Codes.Avatars.NotFound(SafeName.Of(body.Avatar, "(empty)"))) : (avatar.VideoPath, null);
        if (audio is null || video is null)
            return Fail(BadRequest, Codes.HeyGem.BadFiles(audioProblem ?? Codes.HeyGem.FileOk(), videoProblem ?? Codes.HeyGem.FileOk()));
        if (await store.FindHeyGemJobAsync(body.Code, cancellationToken) is not null)
            return Fail(BadRequest, Codes.HeyGem.Duplicate(body.Code));
        MediaInfo audioProbe;
        MediaInfo? videoProbe = null;
        try
        {
            audioProbe = await UploadReceiver.CheckAsync(UploadKind.Audio, Path.GetFileName(audio), Path.GetExtension(audio).ToLowerInvariant(), audio, cancellationToken);
            if (avatar is null)
                videoProbe = await UploadReceiver.CheckAsync(UploadKind.Video, Path.GetFileName(video), Path.GetExtension(video).ToLowerInvariant(), video, cancellationToken);
        }
        catch (UploadRejectedException e)
        {
            return Fail(BadRequest, e.Problem);
        }
        var (pn, chaofen, watermark) = (Flag(body.Pn, absent: 1), Flag(body.Chaofen, absent: 0), Flag(body.WatermarkSwitch, absent: 0));
        var output = new OutputSettings { LongAudio = pn == 1 ? LongAudio.PingPong : LongAudio.Loop };
        var job = await jobs.SubmitAsync(
            new JobRequest(audio, video, new JobOptions { FaceIndex = avatar?.FaceIndex, Output = output })
            {
                VideoName = avatar is null ? null : avatar.Name + ".mp4",
                AudioProbe = audioProbe,
                VideoProbe = videoProbe,
                VideoHash = avatar is null ? null : ContentHash.Parse(avatar.Hash),
            },
            cancellationToken);
        if (!await store.AddHeyGemTaskAsync(body.Code, job.Id, cancellationToken))
        {
            await jobs.DeleteAsync(job.Id, cancellationToken);
            return Fail(BadRequest, Codes.HeyGem.Duplicate(body.Code));
        }
        var data = new SubmitData(
            body.Code, pn, output.LongAudioName, chaofen, MessageView.From(Codes.HeyGem.ChaofenHere()).Message,
            watermark, MessageView.From(Codes.HeyGem.WatermarkHere()).Message);
        return TypedResults.Json(new Envelope<SubmitData>(Success, true, "", data));
    }

    /// <summary>HeyGem's reading of its 0/1 flags: absent or empty is the default, "1" or 1 is on, anything else off.</summary>
    internal static int Flag(JsonElement? value, int absent) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => absent,
        { ValueKind: JsonValueKind.String } text when text.GetString() == "" => absent,
        { ValueKind: JsonValueKind.String } text => text.GetString() == "1" ? 1 : 0,
        { } other => other.GetRawText() == "1" ? 1 : 0,
    };

    private static async Task<IResult> QueryAsync(string? code, Inbox inbox, IWebStore store, JobSystem jobs, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || await store.FindHeyGemJobAsync(code, cancellationToken) is not { } jobId
            || await jobs.Store.GetAsync(jobId, cancellationToken) is not { } job)
            return Fail(UnknownTask, Codes.HeyGem.UnknownTask());
        var status = job.State switch
        {
            JobState.Done => TaskStatus.Done,
            JobState.Failed or JobState.Canceled => TaskStatus.Failed,
            _ => TaskStatus.Running,
        };
        var forecasts = await jobs.ForecastAsync(cancellationToken);
        var message = MessageView.From(status switch
        {
            TaskStatus.Failed => job.Error ?? job.Stage,
            TaskStatus.Running => forecasts.Describe(job),
            _ => job.Stage,
        }).Message;
        var result = "";
        if (status == TaskStatus.Done)
        {
            try
            {
                result = await inbox.DeliverAsync(job, code, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ProblemException)
            {
                var reason = e is ProblemException problem ? problem.Problem : Codes.Errors.Unexpected(e.Message);
                return Fail(SystemError, Codes.HeyGem.ResultNotWritten(Inbox.WorkFolderName, reason));
            }
        }
        var progress = status == TaskStatus.Done ? 100 : (int)job.Progress;
        return TypedResults.Json(new Envelope<TaskData>(Success, true, "", new TaskData(
            code, (int)status, progress, message, result, forecasts.Position(job), JobView.Seconds(forecasts.Remaining(job)))));
    }

    /// <summary>The envelope of a request refused before it reached a handler (a body that is not JSON, a missing key).</summary>
    public static Envelope<object> Refusal(string message) => new(BadRequest, false, message, null);

    /// <summary>HeyGem's envelope, its <c>msg</c> in the request's language.</summary>
    private static JsonHttpResult<Envelope<object>> Fail(int code, Message problem) =>
        TypedResults.Json(new Envelope<object>(code, false, MessageView.From(problem).Message, null));
}
