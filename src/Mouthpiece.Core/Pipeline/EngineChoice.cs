using Mouthpiece.Messages;

namespace Mouthpiece.Pipeline;

/// <summary>How the mouth is made: the classic warp (no weights), or a user's Wav2Lip-compatible ONNX model.</summary>
public enum RenderEngine
{
    Classic,
    Wav2Lip,
}

/// <summary>The engine and, for Wav2Lip, its model file: what <c>--engine</c> / <c>--model</c>, a setting or a request chose.</summary>
public sealed record EngineChoice(RenderEngine Engine, string? ModelPath)
{
    public static readonly EngineChoice Classic = new(RenderEngine.Classic, null);

    public string Name => Engine == RenderEngine.Wav2Lip ? "wav2lip" : "classic";

    /// <summary>
    /// Reads an engine name ("classic", "wav2lip"; null means classic, or wav2lip when a model is given) and a model
    /// path; a contradiction is a <see cref="ProblemException"/> that says what to change.
    /// </summary>
    public static EngineChoice Parse(string? engine, string? modelPath)
    {
        var model = string.IsNullOrWhiteSpace(modelPath) ? null : modelPath;
        var name = string.IsNullOrWhiteSpace(engine) ? (model is null ? "classic" : "wav2lip") : engine.Trim().ToLowerInvariant();
        return name switch
        {
            "classic" when model is not null => throw new ProblemException(Codes.Engines.ModelNeedsWav2Lip()),
            "classic" => Classic,
            "wav2lip" when model is null => throw new ProblemException(Codes.Engines.Wav2LipNeedsModel()),
            "wav2lip" => new EngineChoice(RenderEngine.Wav2Lip, model),
            _ => throw new ProblemException(Codes.Engines.UnknownEngine(engine!)),
        };
    }
}
