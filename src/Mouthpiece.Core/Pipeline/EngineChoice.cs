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
    /// path; a contradiction is a <see cref="FormatException"/> that says what to change.
    /// </summary>
    public static EngineChoice Parse(string? engine, string? modelPath)
    {
        var model = string.IsNullOrWhiteSpace(modelPath) ? null : modelPath;
        var name = string.IsNullOrWhiteSpace(engine) ? (model is null ? "classic" : "wav2lip") : engine.Trim().ToLowerInvariant();
        return name switch
        {
            "classic" when model is not null => throw new FormatException("--model is for the wav2lip engine; add --engine wav2lip or leave --model out"),
            "classic" => Classic,
            "wav2lip" when model is null => throw new FormatException("the wav2lip engine needs a model: --model FILE.onnx (a Wav2Lip-compatible ONNX model)"),
            "wav2lip" => new EngineChoice(RenderEngine.Wav2Lip, model),
            _ => throw new FormatException($"'{engine}' is not an engine; choose classic or wav2lip"),
        };
    }
}
