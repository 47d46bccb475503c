using System.Globalization;
using System.Runtime.InteropServices;

namespace Mouthpiece.Media;

/// <summary>Decodes the first audio stream of a file to mono float PCM, the input of the audio analysis.</summary>
public static class AudioDecoder
{
    public const int AnalysisSampleRate = 16_000;

    public static async Task<float[]> DecodeMonoAsync(
        MediaInfo input,
        int sampleRate = AnalysisSampleRate,
        CancellationToken cancellationToken = default)
    {
        if (input.Audio is null)
            throw new MediaInputException(input.Path, "has no audio track; a speech recording is needed");
        await using var process = FfmpegProcess.Start(Ffmpeg.FfmpegTool,
        [
            .. Ffmpeg.CommonArguments,
            .. InputGuard.InputArguments(input.Path),
            "-map", "0:a:0", "-vn",
            "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le", "pipe:1",
        ]);
        var expectedBytes = (int)Math.Min(int.MaxValue, input.Duration.TotalSeconds * sampleRate * sizeof(float) + 4096);
        using var pcm = new MemoryStream(expectedBytes);
        await process.Output.CopyToAsync(pcm, cancellationToken);
        var exitCode = await process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
            throw new MediaInputException(input.Path, $"its audio could not be decoded ({new FfmpegException(Ffmpeg.FfmpegTool, exitCode, process.ErrorTail).Message})");
        return MemoryMarshal.Cast<byte, float>(pcm.GetBuffer().AsSpan(0, (int)pcm.Length)).ToArray();
    }
}
