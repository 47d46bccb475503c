namespace Mouthpiece.Scheduling;

/// <summary>The stages whose time the estimator learns and predicts; a render goes through the last three, a normalization through the first.</summary>
public enum WorkStage
{
    /// <summary>Transcoding a video to the house standard.</summary>
    Normalize,

    /// <summary>Probing the inputs, analysing the speech and setting up face analysis, before the first frame is rendered.</summary>
    Analyze,

    /// <summary>Decoding, animating and encoding every frame.</summary>
    Render,

    /// <summary>Draining the encoder, muxing and verifying the output after the last frame.</summary>
    Finish,
}
