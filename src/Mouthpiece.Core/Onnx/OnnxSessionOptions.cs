namespace Mouthpiece.Onnx;

/// <summary>How an <see cref="OnnxSession"/> uses the CPU.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads one operator may use. Default 1: the render pipeline already runs stages in parallel.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Whether idle runtime threads busy-wait for the next work item. Off by default: on a small machine
    /// shared with decoding and rendering, spinning steals cores for little gain.
    /// </summary>
    public bool AllowSpinning { get; init; }
}
