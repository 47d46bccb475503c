using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Jobs;

/// <summary>What the page posts to start one render: upload ids, never server paths.</summary>
public sealed record SubmitJob(string Audio, string Video, int? FaceIndex = null);

/// <summary>One audio and many videos, or many audios and one video, by upload id.</summary>
public sealed record SubmitBatch(IReadOnlyList<string> Audios, IReadOnlyList<string> Videos, int? FaceIndex = null);

/// <summary>Turns upload ids into job requests for the job system; the job system names the results (<see cref="OutputNames"/>).</summary>
public sealed class JobRequests(UploadReceiver uploads)
{
    public async Task<JobRequest> SingleAsync(SubmitJob body, CancellationToken cancellationToken)
    {
        var audio = await UploadAsync(body.Audio, cancellationToken);
        var video = await UploadAsync(body.Video, cancellationToken);
        return Request(audio, video, body.FaceIndex);
    }

    public async Task<IReadOnlyList<JobRequest>> BatchAsync(SubmitBatch body, CancellationToken cancellationToken)
    {
        if (body.Audios.Count == 0 || body.Videos.Count == 0 || (body.Audios.Count > 1 && body.Videos.Count > 1))
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Uploads.BatchShape());
        var audios = await UploadsAsync(body.Audios, cancellationToken);
        var videos = await UploadsAsync(body.Videos, cancellationToken);
        var byVideo = videos.Count > 1 || audios.Count == 1;
        return byVideo
            ? [.. videos.Select(video => Request(audios[0], video, body.FaceIndex))]
            : [.. audios.Select(audio => Request(audio, videos[0], body.FaceIndex))];
    }

    private static JobRequest Request(Found audio, Found video, int? faceIndex) =>
        new(audio.Path, video.Path, new JobOptions { FaceIndex = faceIndex }) { AudioName = audio.Name, VideoName = video.Name };

    private async Task<List<Found>> UploadsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var found = new List<Found>();
        foreach (var id in ids)
            found.Add(await UploadAsync(id, cancellationToken));
        return found;
    }

    private async Task<Found> UploadAsync(string id, CancellationToken cancellationToken) =>
        await uploads.FindAsync(id, cancellationToken) is { } found
            ? new Found(uploads.PathOf(found.Upload), found.Upload.OriginalName)
            : throw new UploadRejectedException(StatusCodes.Status404NotFound, Codes.Uploads.NotFound(SafeName.Of(id, "(empty)")));

    private sealed record Found(string Path, string Name);
}
