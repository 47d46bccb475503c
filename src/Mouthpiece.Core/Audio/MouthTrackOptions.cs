namespace Mouthpiece.Audio;

/// <summary>
/// Timing and level constants of the audio → mouth mapping. The defaults follow docs/ARCHITECTURE.md §1
/// (attack/release of the opening, a visual lead, and Rhubarb Lip Sync's pause rules).
/// </summary>
public sealed record MouthTrackOptions
{
    /// <summary>The shared defaults.</summary>
    public static readonly MouthTrackOptions Default = new();

    /// <summary>Time constant with which the mouth opens towards a louder target.</summary>
    public double AttackSeconds { get; init; } = 0.030;

    /// <summary>Time constant with which the mouth closes towards a quieter target.</summary>
    public double ReleaseSeconds { get; init; } = 0.080;

    /// <summary>How far the lips move ahead of the sound they make.</summary>
    public double LeadSeconds { get; init; } = 0.040;

    /// <summary>Shortest time a lip closure is shown, so it registers with the eye.</summary>
    public double MinShapeSeconds { get; init; } = 0.070;

    /// <summary>Pauses shorter than this keep the mouth as it was.</summary>
    public double KeepShapePauseSeconds { get; init; } = 0.120;

    /// <summary>Pauses longer than this relax the mouth to rest (closed).</summary>
    public double RestPauseSeconds { get; init; } = 0.350;

    /// <summary>Percentile of the loudness window taken as the noise floor.</summary>
    public double NoiseFloorPercentile { get; init; } = 10;

    /// <summary>Percentile of the loudness window taken as full speaking level.</summary>
    public double PeakPercentile { get; init; } = 95;

    /// <summary>Length of the sliding window the floor and peak levels adapt over.</summary>
    public double LevelWindowSeconds { get; init; } = 6;
}
