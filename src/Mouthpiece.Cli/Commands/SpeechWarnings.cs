using Mouthpiece.Audio;
using Mouthpiece.Media;

namespace Mouthpiece.Cli.Commands;

/// <summary>Near-silent speech is told before a render starts ("warning: FILE: …" on stderr); the render still runs.</summary>
internal static class SpeechWarnings
{
    public static async Task PrintAsync(IReadOnlyList<string> audioPaths, CancellationToken cancellationToken)
    {
        foreach (var path in audioPaths)
        {
            try
            {
                var level = await SpeechLevel.MeasureAsync(await MediaProbe.ProbeAudioAsync(path, cancellationToken), cancellationToken);
                if (level.Warning(path) is { } warning)
                    await Console.Error.WriteLineAsync("warning: " + warning);
            }
            catch (MediaInputException)
            {
                // An unusable file is not warned about: it fails with its reason when it is rendered.
            }
        }
    }
}
