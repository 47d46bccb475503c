using Mouthpiece.Media;

namespace Mouthpiece.Speech;

/// <summary>
/// Times a text over speech that came without word timings (a recording, or audio from the TTS service):
/// the text is cut into subtitle-sized clauses, each gets a share of the speaking time in proportion to its
/// syllables, and each boundary between clauses moves into the nearest pause of the speech, where a
/// speaker breathes. The result is a timeline whose "words" are those clauses.
/// </summary>
public static class TextSpreader
{
    /// <summary>Silence at least this long is a pause a clause may end in (espeak-ng's pause at a comma is 0.15 s).</summary>
    private const double MinPauseSeconds = 0.12;

    private const double MinClauseSeconds = 0.1;

    /// <summary>How far a boundary may move to reach a pause.</summary>
    private const double MaxSnapSeconds = 1.5;

    private const double HopSeconds = 0.01;

    /// <summary>Decodes the probed <paramref name="audio"/> and spreads <paramref name="text"/> over its speech.</summary>
    public static async Task<SpeechTimeline> OverAudioAsync(string text, MediaInfo audio, CancellationToken cancellationToken = default)
    {
        using var pcm = await AudioDecoder.DecodeMonoAsync(audio, cancellationToken: cancellationToken);
        return Spread(text, Speaking(pcm.Span, AudioDecoder.AnalysisSampleRate), pcm.Length / (double)AudioDecoder.AnalysisSampleRate);
    }

    /// <summary>The clauses of <paramref name="text"/> over the given stretches of speech (start, end in seconds, in order).</summary>
    public static SpeechTimeline Spread(string text, IReadOnlyList<(double Start, double End)> speaking, double duration)
    {
        var clauses = ScriptSplitter.Clauses(text);
        if (clauses.Count == 0 || speaking.Count == 0)
            return new SpeechTimeline([], [], duration);
        var estimates = EvenPace(clauses.Select(c => Syllables(c.Of(text))).ToArray(), speaking);
        var boundaries = IntoPauses(estimates, Pauses(speaking));
        var words = new List<TimedWord>();
        var start = speaking[0].Start;
        for (var k = 0; k < clauses.Count; k++)
        {
            var (end, next) = k + 1 < clauses.Count ? boundaries[k] : (speaking[^1].End, speaking[^1].End);
            words.Add(new TimedWord(clauses[k].Start, clauses[k].Length, start, Math.Max(end, start + 0.01)));
            start = next;
        }
        return new SpeechTimeline([], words, duration);
    }

    /// <summary>Where the boundary after each clause but the last falls if every syllable takes as long.</summary>
    private static double[] EvenPace(int[] syllables, IReadOnlyList<(double Start, double End)> speaking)
    {
        var total = (double)syllables.Sum();
        var voiced = speaking.Sum(s => s.End - s.Start);
        var estimates = new double[syllables.Length - 1];
        double before = 0;
        for (var k = 0; k < estimates.Length; k++)
        {
            before += syllables[k];
            estimates[k] = ToRealTime(speaking, voiced * before / total);
        }
        return estimates;
    }

    /// <summary>
    /// Moves the boundaries into pauses: each boundary may take a pause within reach (costing its distance) or stay
    /// where the even pace puts it (costing as much as the farthest reach), no pause is taken twice and clauses stay
    /// in order; the cheapest assignment over the whole text wins (dynamic programming over a few candidates each).
    /// Returns, per boundary, where the clause before it ends and where the one after it starts.
    /// </summary>
    private static (double End, double Start)[] IntoPauses(double[] estimates, List<(double Start, double End)> pauses)
    {
        var candidates = estimates.Select(estimate =>
            pauses.Where(p => Math.Abs(Middle(p) - estimate) <= MaxSnapSeconds)
                .Select(p => (p.Start, p.End, Cost: Math.Abs(Middle(p) - estimate)))
                .Append((Start: estimate, End: estimate, Cost: MaxSnapSeconds))
                .ToArray()).ToArray();
        var n = estimates.Length;
        var cost = new double[n][];
        var from = new int[n][];
        for (var k = 0; k < n; k++)
        {
            cost[k] = new double[candidates[k].Length];
            from[k] = new int[candidates[k].Length];
            for (var c = 0; c < candidates[k].Length; c++)
            {
                (cost[k][c], from[k][c]) = (double.PositiveInfinity, -1);
                if (k == 0)
                {
                    cost[k][c] = candidates[k][c].Cost;
                    continue;
                }
                for (var p = 0; p < candidates[k - 1].Length; p++)
                {
                    // The clause between the two boundaries must last.
                    if (candidates[k - 1][p].End + MinClauseSeconds > candidates[k][c].Start || cost[k - 1][p] + candidates[k][c].Cost >= cost[k][c])
                        continue;
                    (cost[k][c], from[k][c]) = (cost[k - 1][p] + candidates[k][c].Cost, p);
                }
            }
        }
        var chosen = new (double End, double Start)[n];
        if (n == 0)
            return chosen;
        var best = Array.IndexOf(cost[n - 1], cost[n - 1].Min());
        if (double.IsPositiveInfinity(cost[n - 1][best]))
            return [.. estimates.Select(e => (e, e))];
        for (var k = n - 1; k >= 0; k--)
        {
            chosen[k] = (candidates[k][best].Start, candidates[k][best].End);
            best = from[k][best];
        }
        return chosen;
    }

    /// <summary>The stretches where someone speaks: 10 ms hops louder than the floor by a third of the dynamic range, with gaps shorter than a pause closed.</summary>
    public static IReadOnlyList<(double Start, double End)> Speaking(ReadOnlySpan<float> pcm, int sampleRate)
    {
        var hop = (int)(sampleRate * HopSeconds);
        var count = pcm.Length / hop;
        if (count == 0)
            return [];
        var levels = new double[count];
        for (var h = 0; h < count; h++)
        {
            double energy = 0;
            foreach (var sample in pcm.Slice(h * hop, hop))
                energy += sample * sample;
            levels[h] = 10 * Math.Log10(energy / hop + 1e-10);
        }
        var sorted = levels.Order().ToArray();
        var floor = sorted[(int)(0.1 * (count - 1))];
        var peak = sorted[(int)(0.95 * (count - 1))];
        var threshold = floor + Math.Max(6, (peak - floor) / 3);
        var runs = new List<(double Start, double End)>();
        for (var h = 0; h < count; h++)
        {
            if (levels[h] < threshold)
                continue;
            var start = h;
            while (h < count && levels[h] >= threshold)
                h++;
            var (from, to) = (start * HopSeconds, h * HopSeconds);
            if (runs.Count > 0 && from - runs[^1].End < MinPauseSeconds)
                runs[^1] = (runs[^1].Start, to);
            else
                runs.Add((from, to));
        }
        return runs;
    }

    /// <summary>A rough syllable count: a Han character is one, a Latin word one per vowel group, a digit one.</summary>
    internal static int Syllables(string clause)
    {
        var count = 0;
        var inVowels = false;
        foreach (var c in clause)
        {
            var vowel = "aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûüāēīōū".Contains(c);
            if (ScriptSplitter.IsHan(c) || char.IsDigit(c) || (vowel && !inVowels))
                count++;
            inVowels = vowel;
        }
        return Math.Max(1, count);
    }

    private static List<(double Start, double End)> Pauses(IReadOnlyList<(double Start, double End)> speaking)
    {
        var pauses = new List<(double, double)>();
        for (var i = 1; i < speaking.Count; i++)
            pauses.Add((speaking[i - 1].End, speaking[i].Start));
        return pauses;
    }

    private static double Middle((double Start, double End) span) => (span.Start + span.End) / 2;

    /// <summary>The moment at which <paramref name="voicedSeconds"/> of speaking time have passed.</summary>
    private static double ToRealTime(IReadOnlyList<(double Start, double End)> speaking, double voicedSeconds)
    {
        foreach (var (start, end) in speaking)
        {
            if (voicedSeconds <= end - start)
                return start + voicedSeconds;
            voicedSeconds -= end - start;
        }
        return speaking[^1].End;
    }
}
