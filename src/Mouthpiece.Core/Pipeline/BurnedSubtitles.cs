using Mouthpiece.Subtitles;

namespace Mouthpiece.Pipeline;

/// <summary>A render's subtitles to burn in, written as an ASS script sized to the output for the encoder's filter, and removed afterwards.</summary>
internal sealed class BurnedSubtitles : IAsyncDisposable
{
    private readonly string? _path;

    private BurnedSubtitles(string? path)
    {
        _path = path;
    }

    /// <summary>The encoder's video filter; null when nothing is burned in.</summary>
    public string? Filter => _path is null ? null : SubtitleFilter.Burn(_path);

    public static async Task<BurnedSubtitles> WriteAsync(RenderRequest request, int width, int height, CancellationToken cancellationToken)
    {
        if (request.BurnedSubtitles is not { Count: > 0 } cues)
            return new BurnedSubtitles(null);
        var directory = request.ScratchDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"mouthpiece-subtitles-{Guid.NewGuid():N}.ass");
        await File.WriteAllTextAsync(path, AssScript.Write(cues, width, height), cancellationToken);
        return new BurnedSubtitles(path);
    }

    public ValueTask DisposeAsync()
    {
        if (_path is not null)
            File.Delete(_path);
        return ValueTask.CompletedTask;
    }
}
