using Mouthpiece.Audio;

namespace Mouthpiece.Speech;

/// <summary>
/// The mouth for each output frame from a phoneme timeline, for speech whose phonemes are known (text input):
/// the same <see cref="MouthShape"/> track that <see cref="MouthTrackBuilder"/> makes from audio, but exact.
/// The lips close on m, b and p and on nothing else while speaking; vowels open by their height and spread
/// or round by their quality; neighbours blend by dominance (coarticulation: rounding carries over
/// consonants, a /k/ takes the shape of the vowel beside it); pauses follow the same rules as the audio
/// track (a short one keeps the shape, a medium one eases shut, a long one rests with the lips together);
/// the result is smoothed with the same attack and release and read with the same visual lead.
/// </summary>
public static class PhonemeMouthTrack
{
    private const double StepSeconds = 0.005;
    private const double OpennessSpreadSeconds = 0.035;
    private const double WidthSpreadSeconds = 0.070;
    private const double WidthGlideSeconds = 0.060;

    /// <summary>One shape per output frame, <paramref name="frameCount"/> of them, frame i showing the time i / fps.</summary>
    public static MouthShape[] Build(SpeechTimeline timeline, double fps, int frameCount, MouthTrackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (!double.IsFinite(fps) || fps <= 0)
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "The frame rate must be a positive number of frames per second.");
        options ??= MouthTrackOptions.Default;
        var duration = Math.Max(timeline.Duration, frameCount / fps) + options.LeadSeconds + 1 / fps;
        var steps = Steps.Targets(timeline, (int)Math.Ceiling(duration / StepSeconds) + 1, options);
        Smooth(steps, options);
        return Sample(steps, fps, frameCount, options.LeadSeconds);
    }

    /// <summary>The targets on a fine time grid, then smoothed in place.</summary>
    private sealed class Steps
    {
        public required float[] Openness { get; init; }
        public required float[] Width { get; init; }
        public required bool[] Closed { get; init; }

        public int Count => Openness.Length;

        public static Steps Targets(SpeechTimeline timeline, int count, MouthTrackOptions options)
        {
            var parts = Parts(timeline, options);
            var steps = new Steps { Openness = new float[count], Width = new float[count], Closed = new bool[count] };
            Blend(parts, OpennessSpreadSeconds, p => p.Articulation.Dominance, p => p.Articulation.Openness, steps.Openness);
            Blend(parts, WidthSpreadSeconds, p => p.Articulation.WidthDominance, p => p.Articulation.Width, steps.Width);
            foreach (var part in parts.Where(p => p.Articulation.Closes))
                steps.Fill(part.Start, part.End, closed: true);
            return steps;
        }

        public void Fill(double start, double end, bool closed)
        {
            var from = StepIndex(start, Count);
            var to = StepIndex(end, Count);
            for (var s = from; s < to; s++)
            {
                Closed[s] = closed;
                Openness[s] = 0;
            }
        }
    }

    /// <summary>A stretch of time with one articulation: a phoneme, half a diphthong, or a pause's target.</summary>
    private readonly record struct Part(double Start, double End, Articulation Articulation);

    private static readonly Articulation EasedShut = new(0, 0, false, 1, 0.5f);
    private static readonly Articulation AtRest = new(0, 0, true, 1, 1);

    /// <summary>
    /// Phonemes as parts, with pauses turned into targets by their length (Rhubarb Lip Sync's rules, as the
    /// audio track uses them): a short pause has no target of its own, so its neighbours' shapes hold through it.
    /// </summary>
    private static List<Part> Parts(SpeechTimeline timeline, MouthTrackOptions options)
    {
        var parts = new List<Part>();
        var phonemes = timeline.Phonemes;
        var spokenStart = phonemes.FirstOrDefault(p => !p.IsPause).Start;
        var spokenEnd = phonemes.LastOrDefault(p => !p.IsPause).End;
        if (phonemes.All(p => p.IsPause))
            return [new Part(0, double.PositiveInfinity, AtRest)];
        parts.Add(new Part(double.NegativeInfinity, spokenStart, AtRest));
        foreach (var run in PauseRuns(phonemes))
            parts.AddRange(Pause(run.Start, run.End, options));
        foreach (var phoneme in phonemes.Where(p => !p.IsPause))
            parts.AddRange(Spoken(phoneme, options));
        parts.Add(new Part(spokenEnd, spokenEnd + options.KeepShapePauseSeconds, EasedShut));
        parts.Add(new Part(spokenEnd + options.KeepShapePauseSeconds, double.PositiveInfinity, AtRest));
        return parts;
    }

    /// <summary>Pauses inside the speech, merged where pause phonemes follow each other.</summary>
    private static IEnumerable<(double Start, double End)> PauseRuns(IReadOnlyList<TimedPhoneme> phonemes)
    {
        var first = phonemes.TakeWhile(p => p.IsPause).Count();
        var last = phonemes.Count - 1 - phonemes.Reverse().TakeWhile(p => p.IsPause).Count();
        double? start = null;
        for (var i = first; i <= last; i++)
        {
            if (phonemes[i].IsPause)
            {
                start ??= phonemes[i].Start;
                continue;
            }
            if (start is { } s)
                yield return (s, phonemes[i].Start);
            start = null;
        }
    }

    private static IEnumerable<Part> Pause(double start, double end, MouthTrackOptions options)
    {
        var length = end - start;
        if (length < options.KeepShapePauseSeconds)
            yield break;
        if (length <= options.RestPauseSeconds)
        {
            yield return new Part(start, end, EasedShut);
            yield break;
        }
        yield return new Part(start, start + options.KeepShapePauseSeconds, EasedShut);
        yield return new Part(start + options.KeepShapePauseSeconds, end, AtRest);
    }

    private static IEnumerable<Part> Spoken(TimedPhoneme phoneme, MouthTrackOptions options)
    {
        var articulations = Articulation.Of(phoneme.Name);
        if (articulations[0].Closes)
        {
            // A closure shorter than the eye can see is stretched about its middle to the shortest visible shape.
            var middle = (phoneme.Start + phoneme.End) / 2;
            var half = Math.Max(phoneme.End - phoneme.Start, options.MinShapeSeconds) / 2;
            yield return new Part(middle - half, middle + half, articulations[0]);
            yield break;
        }
        var length = (phoneme.End - phoneme.Start) / articulations.Count;
        for (var i = 0; i < articulations.Count; i++)
            yield return new Part(phoneme.Start + i * length, phoneme.Start + (i + 1) * length, articulations[i]);
    }

    /// <summary>
    /// Dominance-weighted average of the targets at each step: a part's weight is its dominance inside it,
    /// falling off exponentially with the distance outside it (negligible beyond five spreads).
    /// </summary>
    private static void Blend(List<Part> parts, double spread, Func<Part, float> dominance, Func<Part, float> value, float[] result)
    {
        var sums = new double[result.Length];
        var weights = new double[result.Length];
        foreach (var part in parts)
        {
            var from = StepIndex(part.Start - 5 * spread, result.Length);
            var to = StepIndex(part.End + 5 * spread, result.Length);
            for (var s = from; s < to; s++)
            {
                var t = s * StepSeconds;
                var distance = t < part.Start ? part.Start - t : t > part.End ? t - part.End : 0;
                var weight = dominance(part) * Math.Exp(-distance / spread);
                sums[s] += weight * value(part);
                weights[s] += weight;
            }
        }
        for (var s = 0; s < result.Length; s++)
            result[s] = weights[s] > 1e-9 ? (float)(sums[s] / weights[s]) : 0;
    }

    /// <summary>The step at <paramref name="seconds"/>, within 0..count (parts at rest reach to ±infinity).</summary>
    private static int StepIndex(double seconds, int count) => (int)Math.Clamp(Math.Ceiling(seconds / StepSeconds), 0, count);

    /// <summary>The opening follows its target with the audio track's attack and release; a closure snaps it shut; the width glides.</summary>
    private static void Smooth(Steps steps, MouthTrackOptions options)
    {
        var attack = Coefficient(options.AttackSeconds);
        var release = Coefficient(options.ReleaseSeconds);
        var glide = Coefficient(WidthGlideSeconds);
        float openness = 0, width = 0;
        for (var s = 0; s < steps.Count; s++)
        {
            var target = steps.Openness[s];
            openness = steps.Closed[s] ? 0 : openness + (target > openness ? attack : release) * (target - openness);
            width += glide * (steps.Width[s] - width);
            steps.Openness[s] = openness;
            steps.Width[s] = width;
        }
    }

    private static float Coefficient(double seconds) => seconds <= 0 ? 1 : (float)(1 - Math.Exp(-StepSeconds / seconds));

    /// <summary>Each frame averages the steps of its display interval, taken a lead later in the speech; closed when most steps are.</summary>
    private static MouthShape[] Sample(Steps steps, double fps, int frameCount, double lead)
    {
        var frames = new MouthShape[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var from = Math.Clamp(StepAt((i / fps) + lead), 0, steps.Count - 1);
            var to = Math.Clamp(StepAt(((i + 1) / fps) + lead), from + 1, steps.Count);
            float openness = 0, width = 0;
            var closed = 0;
            for (var s = from; s < to; s++)
            {
                openness += steps.Openness[s];
                width += steps.Width[s];
                closed += steps.Closed[s] ? 1 : 0;
            }
            var count = to - from;
            frames[i] = closed * 2 >= count
                ? new MouthShape(0, width / count, true)
                : new MouthShape(Math.Clamp(openness / count, 0, 1), Math.Clamp(width / count, -1, 1), false);
        }
        return frames;
    }

    private static int StepAt(double seconds) => (int)Math.Round(seconds / StepSeconds);
}
