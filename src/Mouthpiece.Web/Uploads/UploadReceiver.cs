using System.Text.Json;
using System.Text.Json.Nodes;
using Mouthpiece.Audio;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Web.Storage;

namespace Mouthpiece.Web.Uploads;

/// <summary>
/// Streams an upload to disk under a new id and keeps it only if the name's extension, the magic bytes
/// and ffprobe all agree on what it is. Rejected bytes are deleted before the answer goes out.
/// </summary>
public sealed class UploadReceiver(WebAppOptions options, IWebStore store)
{
    private static readonly JsonSerializerOptions ProbeJson = new(JsonSerializerDefaults.Web);

    public string Directory => Path.Combine(options.Data.Root, "uploads");

    public string PathOf(UploadRecord upload) => Path.Combine(Directory, upload.Id + upload.Extension);

    /// <summary>Where a still of an uploaded video is kept, so that it goes with the upload.</summary>
    public string PosterPathOf(UploadRecord upload) => PathOf(upload) + ".poster.jpg";

    public async Task<UploadView> ReceiveAsync(UploadKind kind, string? name, Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        var originalName = SafeName.Of(name);
        var extension = Path.GetExtension(originalName).ToLowerInvariant();
        if (!MediaTypes.IsAccepted(kind, extension))
        {
            var accepted = string.Join(" ", MediaTypes.Accepted(kind));
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType,
                kind == UploadKind.Audio ? Codes.Uploads.AudioExtension(originalName, accepted) : Codes.Uploads.VideoExtension(originalName, accepted));
        }
        if (declaredLength > options.MaxUploadBytes)
            throw TooLarge(originalName);
        var id = Guid.NewGuid().ToString("N");
        var upload = new UploadRecord(id, kind, originalName, extension, 0, DateTimeOffset.UtcNow, "");
        var path = PathOf(upload);
        try
        {
            var size = await CopyLimitedAsync(body, path + ".part", originalName, cancellationToken);
            File.Move(path + ".part", path);
            var info = await CheckAsync(kind, originalName, extension, path, cancellationToken);
            // A speech recording is measured once, here: the page warns about near-silent speech before a render is started.
            var level = kind == UploadKind.Audio ? await SpeechLevel.MeasureAsync(info, cancellationToken) : null;
            upload = upload with { Size = size, ProbeJson = StoredProbe(info, level) };
            await store.AddUploadAsync(upload, cancellationToken);
            return UploadView.From(upload, info, level);
        }
        catch
        {
            File.Delete(path + ".part");
            File.Delete(path);
            throw;
        }
    }

    public async Task<(UploadRecord Upload, UploadView View)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetUploadAsync(id, cancellationToken) is not { } upload || !File.Exists(PathOf(upload)))
            return null;
        var info = JsonSerializer.Deserialize<MediaInfo>(upload.ProbeJson, ProbeJson)!;
        var level = JsonNode.Parse(upload.ProbeJson)?[SpeechLevelProperty]?.Deserialize<SpeechLevel>(ProbeJson);
        return (upload, UploadView.From(upload, info, level));
    }

    private const string SpeechLevelProperty = "speechLevel";

    /// <summary>The probe as stored with the upload, the speech level beside it (a reader of the probe alone skips it).</summary>
    private static string StoredProbe(MediaInfo info, SpeechLevel? level)
    {
        var node = JsonSerializer.SerializeToNode(info, ProbeJson)!.AsObject();
        if (level is not null)
            node[SpeechLevelProperty] = JsonSerializer.SerializeToNode(level, ProbeJson);
        return node.ToJsonString();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetUploadAsync(id, cancellationToken) is not { } upload)
            return false;
        File.Delete(PathOf(upload));
        File.Delete(PosterPathOf(upload));
        return await store.DeleteUploadAsync(id, cancellationToken);
    }

    /// <summary>Extension, magic bytes, then the probe: any disagreement is 415, with the probe's own words when it has them.</summary>
    public static async Task<MediaInfo> CheckAsync(UploadKind kind, string name, string extension, string path, CancellationToken cancellationToken)
    {
        var sniffed = ContainerSniffer.Sniff(path);
        if (!MediaTypes.Agrees(extension, sniffed))
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, Mismatch(name, extension, sniffed));
        try
        {
            return kind == UploadKind.Video
                ? await MediaProbe.ProbeVideoAsync(path, cancellationToken)
                : await MediaProbe.ProbeAudioAsync(path, cancellationToken);
        }
        catch (MediaInputException e)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, Codes.Uploads.Unusable(name, e.Problem));
        }
    }

    private async Task<long> CopyLimitedAsync(Stream body, string partPath, string name, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await using var target = new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > options.MaxUploadBytes)
                throw TooLarge(name);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        if (total == 0)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Uploads.Empty(name));
        return total;
    }

    private UploadRejectedException TooLarge(string name) =>
        new(StatusCodes.Status413PayloadTooLarge, Codes.Uploads.TooLarge(name, options.MaxUploadBytes / (1024 * 1024)));

    private static Message Mismatch(string name, string extension, SniffedKind sniffed) => sniffed switch
    {
        SniffedKind.Text => Codes.Uploads.ContentIsText(name, extension),
        SniffedKind.Playlist => Codes.Uploads.ContentIsPlaylist(name, extension),
        SniffedKind.ConcatList => Codes.Uploads.ContentIsConcatList(name, extension),
        SniffedKind.Unknown => Codes.Uploads.ContentUnknown(name, extension),
        _ => Codes.Uploads.ContentOther(name, extension, sniffed.ToString()),
    };
}
