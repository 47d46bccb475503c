using System.Text.Json;
using System.Text.Json.Nodes;
using Mouthpiece.Audio;
using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Web.Jobs;
using Mouthpiece.Messages;
using Mouthpiece.Subtitles;
using Mouthpiece.Web.Storage;

namespace Mouthpiece.Web.Uploads;

/// <summary>
/// Streams an upload to disk under a new id and keeps it only if the name's extension, the magic bytes
/// and ffprobe all agree on what it is. Rejected bytes are deleted before the answer goes out.
/// </summary>
public sealed class UploadReceiver(WebAppOptions options, IWebStore store, JobSystemHost jobs)
{
    /// <summary>How often a streaming upload looks at the free space again.</summary>
    private const long FreeSpaceCheckBytes = 16 * 1024 * 1024;

    private static readonly JsonSerializerOptions ProbeJson = new(JsonSerializerDefaults.Web);

    public string Directory => options.Data.Uploads;

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
                kind switch
                {
                    UploadKind.Audio => Codes.Uploads.AudioExtension(originalName, accepted),
                    UploadKind.Script => Codes.Uploads.ScriptExtension(originalName, accepted),
                    _ => Codes.Uploads.VideoExtension(originalName, accepted),
                });
        }
        if (declaredLength > MaxBytes(kind))
            throw TooLarge(originalName, kind);
        EnsureRoom(declaredLength ?? 0);
        var id = Guid.NewGuid().ToString("N");
        var upload = new UploadRecord(id, kind, originalName, extension, 0, DateTimeOffset.UtcNow, "");
        var path = PathOf(upload);
        try
        {
            var size = await CopyLimitedAsync(body, path + ".part", originalName, kind, cancellationToken);
            File.Move(path + ".part", path);
            if (kind == UploadKind.Script)
            {
                var script = await CheckScriptAsync(originalName, path, cancellationToken);
                upload = upload with { Size = size, ProbeJson = JsonSerializer.Serialize(script, ProbeJson) };
                await store.AddUploadAsync(upload, cancellationToken);
                return UploadView.From(upload, script);
            }
            var info = await CheckAsync(kind, originalName, extension, path, cancellationToken);
            // A speech recording is measured once, here: the page warns about near-silent speech before a render is started.
            var level = kind == UploadKind.Audio ? await SpeechLevel.MeasureAsync(info, cancellationToken) : null;
            upload = upload with { Size = size, ProbeJson = StoredProbe(info, level) };
            await store.AddUploadAsync(upload, cancellationToken);
            return UploadView.From(upload, info, level);
        }
        catch
        {
            // Exists first: where the folder itself could not be made, deleting in it would throw over the real error.
            foreach (var written in (string[])[path + ".part", path])
                if (File.Exists(written))
                    File.Delete(written);
            throw;
        }
    }

    public async Task<(UploadRecord Upload, UploadView View)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetUploadAsync(id, cancellationToken) is not { } upload || !File.Exists(PathOf(upload)))
            return null;
        if (upload.Kind == UploadKind.Script)
            return (upload, UploadView.From(upload, JsonSerializer.Deserialize<ScriptSummary>(upload.ProbeJson, ProbeJson)!));
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

    /// <summary>What ffprobe said of an audio or video upload when it came in, so that no later step asks again; null for a script.</summary>
    public MediaInfo? ProbeOf(UploadRecord upload) =>
        upload.Kind == UploadKind.Script ? null : JsonSerializer.Deserialize<MediaInfo>(upload.ProbeJson, ProbeJson)! with { Path = PathOf(upload) };

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

    /// <summary>A script must be text that reads as SubRip, WebVTT or plain words; a malformed file is refused naming its line.</summary>
    private static async Task<ScriptSummary> CheckScriptAsync(string name, string path, CancellationToken cancellationToken)
    {
        try
        {
            var script = await SubtitleScript.LoadAsync(path, cancellationToken);
            return ScriptSummary.Of(script);
        }
        catch (MediaInputException e)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, Codes.Uploads.Unusable(name, e.Problem));
        }
    }

    private long MaxBytes(UploadKind kind) => kind == UploadKind.Script ? SubtitleScript.MaxBytes : options.MaxUploadBytes;

    private async Task<long> CopyLimitedAsync(Stream body, string partPath, string name, UploadKind kind, CancellationToken cancellationToken)
    {
        await using var target = CreatePart(partPath);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxBytes(kind))
                throw TooLarge(name, kind);
            if (total % FreeSpaceCheckBytes < read)
                EnsureRoom(0);
            try
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (IOException e)
            {
                throw StorageException.CannotWrite("uploads", e);
            }
        }
        if (total == 0)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Uploads.Empty(name));
        try
        {
            await target.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw StorageException.CannotWrite("uploads", e);
        }
        return total;
    }

    private FileStream CreatePart(string partPath)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            return new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw StorageException.CannotWrite("uploads", e);
        }
    }

    /// <summary>Uploads keep the free-space floor that jobs keep, so a full disk refuses files before it refuses renders.</summary>
    private void EnsureRoom(long incomingBytes) =>
        DiskSpace.EnsureRoom(options.Data.Root, jobs.System.Options.MinFreeDiskBytes, incomingBytes);

    private UploadRejectedException TooLarge(string name, UploadKind kind) =>
        new(StatusCodes.Status413PayloadTooLarge, Codes.Uploads.TooLarge(name, MaxBytes(kind) / (1024 * 1024)));

    private static Message Mismatch(string name, string extension, SniffedKind sniffed) => sniffed switch
    {
        SniffedKind.Text => Codes.Uploads.ContentIsText(name, extension),
        SniffedKind.Playlist => Codes.Uploads.ContentIsPlaylist(name, extension),
        SniffedKind.ConcatList => Codes.Uploads.ContentIsConcatList(name, extension),
        SniffedKind.Unknown => Codes.Uploads.ContentUnknown(name, extension),
        _ => Codes.Uploads.ContentOther(name, extension, ContainerSniffer.FormatName(sniffed)),
    };
}
