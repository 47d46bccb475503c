using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Web.HeyGem;
using Mouthpiece.Web.History;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Web.Localization;
using Mouthpiece.Web.Storage;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.ApiDocs;

/// <summary>
/// Example bodies for the API's documents, made from the real records and serialized with the API's own JSON
/// options, so an example cannot drift from its schema; messages are worded in the language of the request.
/// </summary>
internal static class ApiExamples
{
    private const string AudioId = "3f2a9c0d1e4b5a67";
    private const string VideoId = "8b1c2d3e4f5a6b7c";
    private const string JobId = "c0ffee00d15ea5e1";
    private const string BatchId = "b47c4000aa11bb22";
    private static readonly DateTimeOffset At = new(2026, 11, 29, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Sets the example of every schema whose type has one here.</summary>
    public static Task AddAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Of(context.JsonTypeInfo.Type) is { } example)
            schema.Examples = [JsonSerializer.SerializeToNode(example, context.JsonTypeInfo.Type, context.JsonTypeInfo.Options)!];
        return Task.CompletedTask;
    }

    private static object? Of(Type type) => type switch
    {
        _ when type == typeof(SubmitJob) => new SubmitJob(AudioId, VideoId) { Size = "720", Quality = "standard", LongAudio = "pingpong" },
        _ when type == typeof(SubmitBatch) => new SubmitBatch([AudioId], [VideoId, "9d0e1f2a3b4c5d6e"]) { Quality = "draft" },
        _ when type == typeof(HistoryApi.DeleteJobs) => new HistoryApi.DeleteJobs([JobId]),
        _ when type == typeof(HeyGemApi.SubmitRequest) => new HeyGemApi.SubmitRequest(
            "speech.wav", "clips/anna.mp4", "task-0001", Pn: JsonSerializer.SerializeToElement(1), Chaofen: JsonSerializer.SerializeToElement(0),
            WatermarkSwitch: JsonSerializer.SerializeToElement(0)),
        _ when type == typeof(HeyGemApi.SubmitData) => new HeyGemApi.SubmitData(
            "task-0001", 1, "pingpong", 0, MessageView.From(Codes.HeyGem.ChaofenHere()).Message, 0, MessageView.From(Codes.HeyGem.WatermarkHere()).Message),
        _ when type == typeof(UploadView) => Upload(),
        _ when type == typeof(JobView) => Rendering(),
        _ when type == typeof(BatchView) => new BatchView(BatchId, [Rendering(), NoFace(), Done()], 1, 1, 0, 12.4, $"/api/batches/{BatchId}/zip"),
        _ when type == typeof(HistoryApi.HistoryPage) => new HistoryApi.HistoryPage([Rendering(), NoFace()], 1, 10, 2, 1),
        _ => null,
    };

    private static UploadView Upload() => new(
        VideoId, UploadKind.Video, "anna.mp4", 18_400_000, 3.0, "mov,mp4,m4a,3gp,3g2,mj2", "h264", "aac", 1920, 1080, 30, 48.9,
        HasAudio: true, BreaksPolicy: true, [MessageView.From(Codes.Policy.BitRateHigh(48.9, 12))], [], SpeechLevel: null, Warnings: [], $"/api/uploads/{VideoId}/content");

    private static JobView Rendering() => new(
        JobId, BatchId, JobState.Rendering, MessageView.From(Codes.Stages.Rendering()), 42.5, 12.4, QueuePosition: null, StartsInSeconds: null, null,
        "speech.wav", "anna.mp4", "anna+speech.mp4", At, At.AddSeconds(2), null, null, null, null, $"/api/jobs/{JobId}/thumbnail")
    {
        Output = new OutputView("source", "standard", "pingpong"),
    };

    private static JobView Done() => new(
        "a11ce0000b0b0001", BatchId, JobState.Done, MessageView.From(Codes.Stages.Done()), 100, null, QueuePosition: null, StartsInSeconds: null, null,
        "speech.wav", "carla.mp4", "carla+speech.mp4", At, At.AddSeconds(1), At.AddSeconds(9), 8.0, 3.0,
        "/api/jobs/a11ce0000b0b0001/output", "/api/jobs/a11ce0000b0b0001/thumbnail")
    {
        Output = new OutputView("720", "standard", "pingpong"),
        Sync = new SyncView(0.61, 1, "/api/jobs/a11ce0000b0b0001/sync.png"),
    };

    private static JobView NoFace() => new(
        "d15ea5e1c0ffee00", BatchId, JobState.Failed, MessageView.From(Codes.Stages.Failed()), 0, null, QueuePosition: null, StartsInSeconds: null,
        MessageView.From(Codes.Jobs.VideoProblem("ben.mp4", Codes.Inputs.NoFace())),
        "speech.wav", "ben.mp4", "ben+speech.mp4", At, At.AddSeconds(3), At.AddSeconds(5), 2.0, null, null, "/api/jobs/d15ea5e1c0ffee00/thumbnail");
}
