namespace Mouthpiece.Speech;

/// <summary>
/// Joins pieces of 16-bit speech end to end without a click: each piece fades in over its first and out over
/// its last few milliseconds, so a join always passes through silence however the pieces begin and end.
/// The pieces meet in the pauses between sentences, where the fades remove nothing that is heard, and no
/// sample is moved: the timings of each piece stay exact.
/// </summary>
public sealed class SampleJoiner(int sampleRate)
{
    /// <summary>Length of the fade at each end of a piece.</summary>
    public const double FadeSeconds = 0.005;

    private readonly List<short> _samples = [];

    public int SampleRate { get; } = sampleRate;

    public int Length => _samples.Count;

    public double Seconds => (double)_samples.Count / SampleRate;

    public void Append(ReadOnlySpan<short> piece)
    {
        var fade = Math.Min((int)(FadeSeconds * SampleRate), piece.Length / 2);
        var start = _samples.Count;
        _samples.AddRange(piece);
        for (var i = 0; i < fade; i++)
        {
            var gain = (i + 0.5) / fade;
            _samples[start + i] = (short)Math.Round(_samples[start + i] * gain);
            var last = _samples.Count - 1 - i;
            _samples[last] = (short)Math.Round(_samples[last] * gain);
        }
    }

    public void AppendSilence(double seconds) => _samples.AddRange(new short[(int)Math.Round(seconds * SampleRate)]);

    public short[] ToArray() => [.. _samples];
}
