namespace Mouthpiece.Audio;

/// <summary>
/// The mouth the audio asks for in one output frame.
/// <paramref name="Openness"/>: 0 lips together … 1 widest speaking opening.
/// <paramref name="Width"/>: −1 rounded (oo) … 0 neutral … +1 spread (ee).
/// <paramref name="Closed"/>: lips pressed together (m/b/p closure or rest), whatever the openness says.
/// </summary>
public readonly record struct MouthShape(float Openness, float Width, bool Closed)
{
    public static readonly MouthShape Rest = new(0, 0, true);
}
