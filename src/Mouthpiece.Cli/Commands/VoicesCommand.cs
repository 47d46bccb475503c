using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Speech;

namespace Mouthpiece.Cli.Commands;

/// <summary><c>mouthpiece voices</c>: the voices --voice takes, built-in (espeak-ng) and the TTS service's when one is configured.</summary>
internal static class VoicesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("voices", "List the voices a script can be read in") { json };
        command.SetAction((parse, _) => CommandRunner.RunAsync(() =>
        {
            var voices = Voices.List(CommonOptions.ResolveTtsService(parse));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(voices, Json));
                return Task.FromResult(CommandRunner.Success);
            }
            var width = voices.Max(v => v.Name.Length);
            foreach (var voice in voices)
                Console.WriteLine($"{voice.Name.PadRight(width)}  {voice.Description}{(voice.Kind == VoiceKind.Service ? "" : $" [{voice.Language}]")}");
            Console.Error.WriteLine($"{voices.Count} voices; `--voice auto` (the default) takes {Voices.Mandarin} for Chinese text, {Voices.English} otherwise");
            return Task.FromResult(CommandRunner.Success);
        }));
        return command;
    }
}
