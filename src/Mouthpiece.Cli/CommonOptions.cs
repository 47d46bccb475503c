using System.CommandLine;
using Mouthpiece.Devices;
using Mouthpiece.Pipeline;
using Mouthpiece.Speech;

namespace Mouthpiece.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable} or ./data)",
        Recursive = true,
    };

    public static readonly Option<string?> TtsUrl = new("--tts-url")
    {
        Description = $"HeyGem-compatible TTS service for the 'service' voice, e.g. http://127.0.0.1:18180 (default: ${TtsServiceOptions.EnvironmentVariable})",
        Recursive = true,
    };

    public static DataDirectory ResolveData(ParseResult parse) => DataDirectory.Resolve(parse.GetValue(Data));

    public static Option<string?> DeviceOption() => new("--device")
    {
        Description = $"auto (default: the GPU for each part whose check passes, else the CPU), cpu, or gpu (fail if the GPU cannot be used); default ${ComputeDevices.EnvironmentVariable}",
    };

    public static ComputeDevice ResolveDevice(ParseResult parse, Option<string?> device) => ComputeDevices.Resolve(parse.GetValue(device));

    public static Option<string?> EngineOption() => new("--engine")
    {
        Description = "classic (default: no neural weights) or wav2lip (needs --model)",
    };

    public static Option<string?> ModelOption() => new("--model")
    {
        Description = "A Wav2Lip-compatible ONNX model (face [B,6,96,96] + mel [B,1,80,16] in, face [B,3,96,96] out)",
    };

    /// <summary>The engine and model; a model that does not fit Wav2Lip's contract is refused here, before any work.</summary>
    public static EngineChoice ResolveEngine(ParseResult parse, Option<string?> engine, Option<string?> model)
    {
        var choice = EngineChoice.Parse(parse.GetValue(engine), parse.GetValue(model));
        if (choice.ModelPath is { } path)
            Wav2Lip.Wav2LipModel.Check(path);
        return choice;
    }
    /// <summary>The TTS service from --tts-url or the environment; null when neither names one.</summary>
    public static TtsServiceOptions? ResolveTtsService(ParseResult parse) => TtsServiceOptions.From(parse.GetValue(TtsUrl));
}
