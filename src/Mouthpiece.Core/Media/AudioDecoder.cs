using System.Globalization;
using Mouthpiece.Messages;

namespace Mouthpiece.Media;

/// <summary>Decodes the first audio stream of a file to mono float PCM, the input of the audio analysis.</summary>
public static class AudioDecoder
{
    /// <summary>The one sample rate of the speech analysis: decoding, spectra, mouth track and evaluation all use it.</summary>
    public const int AnalysisSampleRate = 16_000;

    /// <summary>The samples, in native memory: dispose them as soon as they are analysed.</summary>
    public static async Task<PcmSamples> DecodeMonoAsync(
        MediaInfo input,
        int sampleRate = AnalysisSampleRate,
        CancellationToken cancellationToken = default)
    {
        if (input.Audio is null)
            throw new MediaInputException(input.Path, Codes.Inputs.NoAudio());
        await using var process = FfmpegProcess.Start(Ffmpeg.FfmpegTool,
        [
            .. Ffmpeg.CommonArguments,
            .. InputGuard.InputArguments(input.Path),
            "-map", "0:a:0", "-vn",
            "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le", "pipe:1",
        ]);
        var pcm = new PcmSamples((long)(input.Duration.TotalSeconds * sampleRate * sizeof(float)) + 4096);
        try
        {
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await process.Output.ReadAsync(chunk, cancellationToken)) > 0)
                pcm.Append(chunk.AsSpan(0, read));
            var exitCode = await process.WaitForExitAsync(cancellationToken);
            if (exitCode != 0)
                throw new MediaInputException(input.Path, Codes.Inputs.AudioUndecodable(new FfmpegException(Ffmpeg.FfmpegTool, exitCode, process.ErrorTail).Message));
            return pcm;
        }
        catch
        {
            pcm.Dispose();
            throw;
        }
    }
}
