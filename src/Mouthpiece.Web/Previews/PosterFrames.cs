using Mouthpiece.Media;

namespace Mouthpiece.Web.Previews;

/// <summary>
/// Small JPEG stills of videos, made by ffmpeg once and kept next to what they show: the thumbnails of History
/// and the poster frame a file picker shows when the browser cannot play the upload itself (.flv, .avi, …).
/// </summary>
public sealed class PosterFrames(ILogger<PosterFrames> logger) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // One ffmpeg at a time: a history page asks for ten thumbnails at once on a two-core machine.
    private readonly SemaphoreSlim _making = new(1);

    /// <summary>The still at <paramref name="path"/>, made from <paramref name="source"/> if it is not there yet; null if ffmpeg cannot make one.</summary>
    public async Task<string?> GetAsync(string source, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
            return path;
        if (!File.Exists(source))
            return null;
        await _making.WaitAsync(cancellationToken);
        try
        {
            return File.Exists(path) ? path : await MakeAsync(source, path, cancellationToken);
        }
        finally
        {
            _making.Release();
        }
    }

    private async Task<string?> MakeAsync(string source, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial.jpg";
        string[] arguments =
        [
            .. Ffmpeg.CommonArguments, .. InputGuard.DecoderArguments(), "-ss", "0.2", .. InputGuard.InputArguments(source),
            "-frames:v", "1", "-vf", "scale=192:-2", "-q:v", "5", partial,
        ];
        var (exitCode, _, errors) = await Ffmpeg.CaptureAsync(Ffmpeg.FfmpegTool, arguments, Timeout, cancellationToken);
        if (exitCode == 0 && File.Exists(partial))
        {
            File.Move(partial, path, overwrite: true);
            return path;
        }
        File.Delete(partial);
        logger.LogWarning("still of {Source} failed: {Errors}", Path.GetFileName(source), errors);
        return null;
    }

    public void Dispose() => _making.Dispose();
}
