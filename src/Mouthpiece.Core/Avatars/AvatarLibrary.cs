using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mouthpiece.Faces.Detection;
using Mouthpiece.Media;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Avatars;

/// <summary>
/// The saved avatars, one folder each under <see cref="DataDirectory.Avatars"/>: the video, a thumbnail and
/// <c>avatar.json</c>. Saving builds the folder under a hidden temporary name and renames it when complete, so a
/// listing never shows half an avatar and two saves of one name cannot both win. Avatars never expire. On the shared
/// data directory of a cluster every node sees the same avatars.
/// </summary>
public sealed class AvatarLibrary(DataDirectory data)
{
    public const int MaxNameLength = 64;

    private const string RecordFile = "avatar.json";
    private const string ThumbnailFile = "thumbnail.jpg";
    private const int ThumbnailWidth = 320;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Root => data.Avatars;

    /// <summary>
    /// Saves <paramref name="videoPath"/> as <paramref name="name"/>: normalizes it when it breaks the input policy,
    /// finds its faces, draws a thumbnail and analyses it once as a render would, so that renders from it find the
    /// face track and the engine's per-video caches ready.
    /// </summary>
    /// <exception cref="ProblemException">A bad or taken name, no face, or no face at <paramref name="faceIndex"/>.</exception>
    /// <exception cref="MediaInputException">The video cannot be used.</exception>
    public async Task<Avatar> SaveAsync(string name, string videoPath, string originalName, int? faceIndex, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        if (Directory.Exists(FolderOf(name)))
            throw new ProblemException(Codes.Avatars.Exists(name));
        var original = await MediaProbe.ProbeVideoAsync(videoPath, cancellationToken);
        var verdict = InputPolicy.Default.Check(original.Video!);
        Directory.CreateDirectory(Root);
        var building = Path.Combine(Root, $".saving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(building);
        try
        {
            var video = Path.Combine(building, "video" + (verdict.BreaksPolicy ? ".mp4" : Path.GetExtension(videoPath).ToLowerInvariant()));
            if (verdict.BreaksPolicy)
                await Normalizer.NormalizeAsync(original, video, new NormalizeOptions(), null, cancellationToken);
            else
                File.Copy(videoPath, video);
            // A copy is the same bytes: its probe is the original's; a normalized copy is a new file.
            var stored = verdict.BreaksPolicy ? await MediaProbe.ProbeVideoAsync(video, cancellationToken) : original with { Path = video };
            var hash = await ContentHash.OfFileAsync(video, cancellationToken);
            var faces = await FindFacesAsync(stored, cancellationToken);
            if (faces.Count == 0)
                throw new MediaInputException(originalName, Codes.Inputs.NoFace());
            if (faceIndex is { } index && (index < 0 || index >= faces.Count))
                throw new MediaInputException(originalName, Codes.Inputs.NoFaceAtIndex(index));
            await DrawThumbnailAsync(video, Path.Combine(building, ThumbnailFile), cancellationToken);
            var analysis = await AnalyseAsync(stored, hash, faceIndex, building, cancellationToken);
            var record = new AvatarRecord(
                originalName, Path.GetFileName(video), hash.Hex, faceIndex, faces,
                stored.Duration.TotalSeconds, stored.Video!.DisplayWidth, stored.Video.DisplayHeight, stored.Video.FramesPerSecond,
                [.. verdict.Breaches.Select(StoredMessage.Of)], [.. verdict.Notes.Select(StoredMessage.Of)],
                Math.Round(analysis.TotalSeconds, 3), DateTimeOffset.UtcNow);
            await WriteRecordAsync(building, record, cancellationToken);
            try
            {
                Directory.Move(building, FolderOf(name));
            }
            catch (IOException) when (Directory.Exists(FolderOf(name)))
            {
                throw new ProblemException(Codes.Avatars.Exists(name));
            }
            return Load(name)!;
        }
        finally
        {
            if (Directory.Exists(building))
                Directory.Delete(building, recursive: true);
        }
    }

    /// <summary>Makes another face of the avatar the one that speaks (null: the main speaker), analysing it once.</summary>
    /// <exception cref="ProblemException">No such avatar, or no face at <paramref name="faceIndex"/>.</exception>
    public async Task<Avatar> ChooseFaceAsync(string name, int? faceIndex, CancellationToken cancellationToken = default)
    {
        var avatar = Get(name);
        if (faceIndex is { } index && (index < 0 || index >= avatar.Faces.Count))
            throw new MediaInputException(avatar.OriginalName, Codes.Inputs.NoFaceAtIndex(index));
        var scratch = Path.Combine(Root, $".choosing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var video = await MediaProbe.ProbeVideoAsync(avatar.VideoPath, cancellationToken);
            var analysis = await AnalyseAsync(video, ContentHash.Parse(avatar.Hash), faceIndex, scratch, cancellationToken);
            var record = ReadRecord(FolderOf(name))! with { FaceIndex = faceIndex, AnalysisSeconds = Math.Round(analysis.TotalSeconds, 3) };
            await WriteRecordAsync(FolderOf(name), record, cancellationToken);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return Get(name);
    }

    /// <summary>Every saved avatar, by name.</summary>
    public IReadOnlyList<Avatar> List() =>
        !Directory.Exists(Root)
            ? []
            : [.. Directory.GetDirectories(Root)
                .Select(Path.GetFileName)
                .Where(folder => !folder!.StartsWith('.'))
                .Select(folder => Load(folder!))
                .OfType<Avatar>()
                .OrderBy(avatar => avatar.Name, StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>The avatar called <paramref name="name"/>, or null.</summary>
    public Avatar? Find(string name) => IsValidName(name) ? Load(name) : null;

    /// <summary>The avatar called <paramref name="name"/>.</summary>
    /// <exception cref="ProblemException">There is none.</exception>
    public Avatar Get(string name) => Find(name) ?? throw new ProblemException(Codes.Avatars.NotFound(name));

    /// <summary>Removes an avatar; renders already made from it keep their own copy of the video.</summary>
    public bool Delete(string name)
    {
        if (!IsValidName(name) || !Directory.Exists(FolderOf(name)))
            return false;
        // Renamed away first, so a listing never sees an avatar whose files are half deleted.
        var doomed = Path.Combine(Root, $".deleting-{Guid.NewGuid():N}");
        Directory.Move(FolderOf(name), doomed);
        Directory.Delete(doomed, recursive: true);
        return true;
    }

    /// <summary>Letters of any script, digits, spaces, '-', '_' and '.', not starting with '.' or a space; at most 64.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && name[0] is not ('.' or ' ') && name[^1] != ' '
        && name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.');

    private static void CheckName(string name)
    {
        if (!IsValidName(name))
            throw new ProblemException(Codes.Avatars.BadName(name.Length > 80 ? name[..80] + "…" : name, MaxNameLength));
    }

    private string FolderOf(string name) => Path.Combine(Root, name);

    private Avatar? Load(string name)
    {
        var folder = FolderOf(name);
        var record = ReadRecord(folder);
        return record is null ? null : new Avatar
        {
            Name = name,
            OriginalName = record.OriginalName,
            VideoPath = Path.Combine(folder, record.VideoFile),
            ThumbnailPath = Path.Combine(folder, ThumbnailFile),
            Hash = record.Hash,
            FaceIndex = record.FaceIndex,
            Faces = record.Faces,
            DurationSeconds = record.DurationSeconds,
            Width = record.Width,
            Height = record.Height,
            FramesPerSecond = record.FramesPerSecond,
            PolicyBreaches = [.. record.PolicyBreaches.Select(message => message.ToMessage())],
            PolicyNotes = [.. record.PolicyNotes.Select(message => message.ToMessage())],
            AnalysisSeconds = record.AnalysisSeconds,
            CreatedAt = record.CreatedAt,
        };
    }

    private static AvatarRecord? ReadRecord(string folder)
    {
        try
        {
            return JsonSerializer.Deserialize<AvatarRecord>(File.ReadAllText(Path.Combine(folder, RecordFile)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Written whole under a temporary name and renamed, so a reader sees the old record or the new one.</summary>
    private static async Task WriteRecordAsync(string folder, AvatarRecord record, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, RecordFile);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record, Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The faces of the first frame, numbered left to right as the face tracker numbers them.</summary>
    private static async Task<IReadOnlyList<AvatarFace>> FindFacesAsync(MediaInfo video, CancellationToken cancellationToken)
    {
        VideoFrame frame;
        await using (var reader = RawVideoReader.Open(video))
        {
            frame = new VideoFrame(reader.Width, reader.Height);
            if (!await reader.ReadAsync(frame, cancellationToken))
                return [];
        }
        using var detector = new FaceDetector();
        return [.. detector.Detect(frame)
            .Select(face => face.Box)
            .OrderBy(box => box.CenterX)
            .Select((box, index) => new AvatarFace(index,
                Math.Round(box.X / frame.Width, 4), Math.Round(box.Y / frame.Height, 4),
                Math.Round(box.Width / frame.Width, 4), Math.Round(box.Height / frame.Height, 4)))];
    }

    private static async Task DrawThumbnailAsync(string video, string thumbnail, CancellationToken cancellationToken) =>
        await Ffmpeg.RunAsync(
            [.. InputGuard.DecoderArguments(), .. InputGuard.InputArguments(video), "-frames:v", "1",
             "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={ThumbnailWidth}:-2"), "-q:v", "4", "file:" + thumbnail],
            TimeSpan.FromSeconds(1), null, cancellationToken);

    /// <summary>
    /// Analyses the video the one way renders do, by rendering it once over silence as long as the video: whatever the
    /// engine keeps per video (the face track and what goes with it) is then in the cache for every render from it.
    /// </summary>
    private async Task<TimeSpan> AnalyseAsync(MediaInfo video, ContentHash hash, int? faceIndex, string scratch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var silence = Path.Combine(scratch, "silence.wav");
        await Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", FormattableString.Invariant($"anullsrc=r={AudioDecoder.AnalysisSampleRate}:cl=mono"), "-t", video.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "file:" + silence],
            video.Duration, null, cancellationToken);
        var output = Path.Combine(scratch, "analysis.mp4");
        await RenderPipeline.RunAsync(
            new RenderRequest(silence, video.Path, output)
            {
                VideoProbe = video,
                VideoHash = hash,
                FaceIndex = faceIndex,
                FaceTrackCacheDirectory = data.FaceTrackCache,
                ScratchDirectory = scratch,
                Output = new OutputSettings { Quality = OutputQuality.Draft },
            },
            cancellationToken: cancellationToken);
        File.Delete(output);
        File.Delete(silence);
        return clock.Elapsed;
    }

    /// <summary>What <c>avatar.json</c> holds; paths are kept relative so the data directory can move.</summary>
    private sealed record AvatarRecord(
        string OriginalName,
        string VideoFile,
        string Hash,
        int? FaceIndex,
        IReadOnlyList<AvatarFace> Faces,
        double DurationSeconds,
        int Width,
        int Height,
        double FramesPerSecond,
        IReadOnlyList<StoredMessage> PolicyBreaches,
        IReadOnlyList<StoredMessage> PolicyNotes,
        double AnalysisSeconds,
        DateTimeOffset CreatedAt);

    private sealed record StoredMessage(string Code, string? Params)
    {
        public static StoredMessage Of(Message message) => new(message.Code, MessageJson.WriteParams(message));

        public Message ToMessage() => MessageJson.Read(Code, Params);
    }
}
