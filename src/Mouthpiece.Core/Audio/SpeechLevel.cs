using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Audio;

/// <summary>
/// How loud a speech recording is where it speaks: the level of its loudest 20 ms frames (the 95th percentile)
/// in the speech band (300–3400 Hz, so hum and hiss do not count), and its sample peak, both in dBFS. Ordinary
/// speech recordings measure −15 to −25 dBFS. Below <see cref="NearSilentDbfs"/> the result will be barely audible
/// (the mouth track adapts to the level, so a clean quiet recording still animates, but noise alone does not):
/// usually a muted track or the wrong file, so the user is warned, and the render still runs if they go on.
/// </summary>
public sealed record SpeechLevel(double SpeechDbfs, double PeakDbfs)
{
    /// <summary>Speech level below which a recording is called near-silent: 30 dB under ordinary speech.</summary>
    public const double NearSilentDbfs = -50;

    /// <summary>The floor of both levels: digital silence measures this instead of minus infinity.</summary>
    public const double FloorDbfs = -120;

    private const int FrameMilliseconds = 20;
    private const double LoudFramesPercentile = 0.95;

    public bool IsSilent => PeakDbfs <= FloorDbfs;

    public bool IsNearSilent => SpeechDbfs < NearSilentDbfs;

    /// <summary>The warning for this recording, naming the file; null when its speech is loud enough.</summary>
    public Message? Warning(string fileName) =>
        IsSilent ? Codes.Speech.Silent(fileName)
        : IsNearSilent ? Codes.Speech.NearSilent(fileName, SpeechDbfs)
        : null;

    /// <summary>Decodes the audio of <paramref name="audio"/> and measures it.</summary>
    public static async Task<SpeechLevel> MeasureAsync(MediaInfo audio, CancellationToken cancellationToken = default)
    {
        using var pcm = await AudioDecoder.DecodeMonoAsync(audio, cancellationToken: cancellationToken);
        return Measure(pcm.Span, AudioDecoder.AnalysisSampleRate);
    }

    public static SpeechLevel Measure(ReadOnlySpan<float> samples, int sampleRate)
    {
        var peak = 0.0;
        foreach (var sample in samples)
            peak = Math.Max(peak, Math.Abs(sample));
        var frame = sampleRate * FrameMilliseconds / 1000;
        if (samples.Length < frame)
            return new SpeechLevel(Dbfs(peak), Dbfs(peak));
        var band = new SpeechBand(sampleRate);
        var levels = new double[samples.Length / frame];
        for (var i = 0; i < levels.Length; i++)
        {
            var sum = 0.0;
            foreach (var sample in samples.Slice(i * frame, frame))
            {
                var filtered = band.Next(sample);
                sum += filtered * filtered;
            }
            levels[i] = Math.Sqrt(sum / frame);
        }
        Array.Sort(levels);
        var speech = levels[(int)Math.Min(levels.Length - 1, Math.Floor(LoudFramesPercentile * levels.Length))];
        return new SpeechLevel(Dbfs(speech), Dbfs(peak));
    }

    private static double Dbfs(double amplitude) =>
        amplitude > 0 ? Math.Max(FloorDbfs, Math.Round(20 * Math.Log10(amplitude), 1)) : FloorDbfs;

    /// <summary>A 300 Hz high-pass followed by a 3400 Hz low-pass, each a second-order Butterworth section (RBJ's cookbook).</summary>
    private sealed class SpeechBand(int sampleRate)
    {
        private readonly Biquad _highPass = Biquad.HighPass(300, sampleRate);
        private readonly Biquad _lowPass = Biquad.LowPass(3400, sampleRate);

        public double Next(double sample) => _lowPass.Next(_highPass.Next(sample));
    }

    private sealed class Biquad(double b0, double b1, double b2, double a1, double a2)
    {
        private double _x1, _x2, _y1, _y2;

        public static Biquad HighPass(double hz, int sampleRate)
        {
            var (cos, alpha) = Shape(hz, sampleRate);
            var a0 = 1 + alpha;
            return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        public static Biquad LowPass(double hz, int sampleRate)
        {
            var (cos, alpha) = Shape(hz, sampleRate);
            var a0 = 1 + alpha;
            return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        private static (double Cos, double Alpha) Shape(double hz, int sampleRate)
        {
            var omega = 2 * Math.PI * hz / sampleRate;
            return (Math.Cos(omega), Math.Sin(omega) / (2 * Math.Sqrt(0.5)));
        }

        public double Next(double x)
        {
            var y = (b0 * x) + (b1 * _x1) + (b2 * _x2) - (a1 * _y1) - (a2 * _y2);
            (_x2, _x1, _y2, _y1) = (_x1, x, _y1, y);
            return y;
        }
    }
}
