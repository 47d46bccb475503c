using Mouthpiece.Devices;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Pipeline;
using Mouthpiece.Wav2Lip;
using Mouthpiece.Messages;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Jobs;

/// <summary>
/// What the page posts to start one render: upload ids, never server paths. <c>Engine</c> is "classic" or "wav2lip",
/// <c>Model</c> the name of a model in the server's models folder, <c>Device</c> "auto", "cpu" or "gpu".
/// </summary>
public sealed record SubmitJob(string Audio, string Video, int? FaceIndex = null, string? Engine = null, string? Model = null, string? Device = null);

/// <summary>One audio and many videos, or many audios and one video, by upload id; engine, model and device as in <see cref="SubmitJob"/>.</summary>
public sealed record SubmitBatch(
    IReadOnlyList<string> Audios, IReadOnlyList<string> Videos, int? FaceIndex = null, string? Engine = null, string? Model = null, string? Device = null);

/// <summary>Turns upload ids into job requests for the job system, naming each output after the input that varies.</summary>
public sealed class JobRequests(UploadReceiver uploads, WebAppOptions settings)
{
    public async Task<JobRequest> SingleAsync(SubmitJob body, CancellationToken cancellationToken)
    {
        var options = Options(body.FaceIndex, body.Engine, body.Model, body.Device);
        var audio = await UploadAsync(body.Audio, cancellationToken);
        var video = await UploadAsync(body.Video, cancellationToken);
        return Request(audio, video, options) with
        {
            OutputName = SafeName.Of($"{Path.GetFileNameWithoutExtension(video.Name)}-{Path.GetFileNameWithoutExtension(audio.Name)}.mp4", "result.mp4"),
        };
    }

    public async Task<IReadOnlyList<JobRequest>> BatchAsync(SubmitBatch body, CancellationToken cancellationToken)
    {
        if (body.Audios.Count == 0 || body.Videos.Count == 0 || (body.Audios.Count > 1 && body.Videos.Count > 1))
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Uploads.BatchShape());
        var options = Options(body.FaceIndex, body.Engine, body.Model, body.Device);
        var audios = await UploadsAsync(body.Audios, cancellationToken);
        var videos = await UploadsAsync(body.Videos, cancellationToken);
        var byVideo = videos.Count > 1 || audios.Count == 1;
        var requests = byVideo
            ? videos.Select(video => Request(audios[0], video, options)).ToList()
            : audios.Select(audio => Request(audio, videos[0], options)).ToList();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requests.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(byVideo ? videos[i].Name : audios[i].Name);
            var name = SafeName.Of(stem + ".mp4", "result.mp4");
            for (var n = 2; !used.Add(name); n++)
                name = SafeName.Of($"{stem}-{n}.mp4", $"result-{n}.mp4");
            requests[i] = requests[i] with { OutputName = name };
        }
        return requests;
    }

    private static JobRequest Request(Found audio, Found video, JobOptions options) =>
        new(audio.Path, video.Path, options) { AudioName = audio.Name, VideoName = video.Name };

    /// <summary>
    /// The render choices, checked before anything is accepted: a bad name is 400, a model that is not in the models
    /// folder 404, one that does not fit Wav2Lip's contract 422, each saying what to change.
    /// </summary>
    private JobOptions Options(int? faceIndex, string? engine, string? model, string? device)
    {
        try
        {
            var modelPath = model is null ? null : ModelPath(model);
            var choice = EngineChoice.Parse(engine, modelPath);
            if (choice.ModelPath is { } path)
                Wav2LipModel.Check(path);
            return new JobOptions
            {
                FaceIndex = faceIndex,
                Engine = choice.Name,
                ModelPath = choice.ModelPath,
                Device = device is null ? null : ComputeDevices.Parse(device).Name(),
            };
        }
        catch (MediaInputException e)
        {
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, Codes.Uploads.Unusable(model!, e.Problem));
        }
        catch (ProblemException e) when (e is not UploadRejectedException)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, e.Problem);
        }
    }

    /// <summary>A model is named, never given as a path: only files directly in the models folder can be used.</summary>
    private string ModelPath(string name)
    {
        var path = Path.Combine(settings.Data.Models, name);
        if (name != Path.GetFileName(name) || !name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
            throw new UploadRejectedException(StatusCodes.Status404NotFound, Codes.Engines.ModelNotInFolder(SafeName.Of(name, "(empty)")));
        return path;
    }

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
