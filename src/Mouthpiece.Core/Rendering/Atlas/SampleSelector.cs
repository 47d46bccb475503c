namespace Mouthpiece.Rendering.Atlas;

/// <summary>What one output frame asks of the atlas: the opening to show, and the head pose of the frame it is drawn into.</summary>
public readonly record struct SampleTarget(float Aperture, float Yaw, float Pitch, bool HasFace);

/// <summary>
/// Chooses the atlas sample for every output frame at once (Viterbi over the frames, after Video Rewrite): a
/// target cost for how far a sample's opening and head pose are from what the frame asks, and a continuity cost
/// for how the choice moves on. Playing a run on to its next frame costs nothing, showing the same frame again a
/// little, and a jump to another sample more the more its mouth differs, so neighbouring frames come from
/// neighbouring states and the mouth does not chatter.
/// </summary>
public static class SampleSelector
{
    /// <summary>Frames chosen together; the next window starts from the last choice, so memory stays bounded.</summary>
    private const int Window = 1500;

    private const float HoldCost = 0.35f;
    private const float JumpCost = 1.2f;
    private const float PoseScale = 0.08f;

    public static int[] Select(MouthAtlas atlas, IReadOnlyList<SampleTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        ArgumentNullException.ThrowIfNull(targets);
        var chosen = new int[targets.Count];
        Array.Fill(chosen, -1);
        if (atlas.Samples.Count == 0)
            return chosen;
        var range = Math.Max(atlas.ApertureP90 - atlas.ApertureP10, 0.03f);
        var previous = -1;
        for (var start = 0; start < targets.Count; start += Window)
        {
            var count = Math.Min(Window, targets.Count - start);
            SelectWindow(atlas, targets, start, count, range, previous, chosen);
            previous = chosen[start + count - 1];
        }
        return chosen;
    }

    /// <summary>The cost of showing <paramref name="sample"/> where <paramref name="target"/> is asked for.</summary>
    public static float TargetCost(MouthState sample, SampleTarget target, float range)
    {
        var opening = Math.Abs(sample.Aperture - target.Aperture) / range;
        var pose = (Math.Abs(sample.Yaw - target.Yaw) + Math.Abs(sample.Pitch - target.Pitch)) / PoseScale;
        return 10 * opening * opening + pose * pose;
    }

    /// <summary>The cost of showing <paramref name="to"/> right after <paramref name="from"/>.</summary>
    public static float MoveCost(MouthAtlas atlas, int from, int to, float range)
    {
        if (from < 0 || atlas.Next[from] == to)
            return 0;
        if (from == to)
            return HoldCost;
        var a = atlas.Samples[from].State;
        var b = atlas.Samples[to].State;
        return JumpCost + 2 * Math.Abs(a.Aperture - b.Aperture) / range + Math.Abs(a.Teeth - b.Teeth) + Math.Abs(a.Width - b.Width) / 0.1f;
    }

    private static void SelectWindow(MouthAtlas atlas, IReadOnlyList<SampleTarget> targets, int start, int count, float range, int previous, int[] chosen)
    {
        var k = atlas.Samples.Count;
        var cost = new float[k];
        var next = new float[k];
        var back = new int[count * k];
        var jumps = JumpTable(atlas, range);
        for (var s = 0; s < k; s++)
            cost[s] = MoveCost(atlas, previous, s, range) + Target(atlas, s, targets[start], range);
        for (var t = 1; t < count; t++)
        {
            var target = targets[start + t];
            for (var s = 0; s < k; s++)
            {
                var best = float.MaxValue;
                var from = 0;
                for (var p = 0; p < k; p++)
                {
                    var c = cost[p] + jumps[p * k + s];
                    if (c < best)
                        (best, from) = (c, p);
                }
                next[s] = best + Target(atlas, s, target, range);
                back[t * k + s] = from;
            }
            (cost, next) = (next, cost);
        }
        var last = Array.IndexOf(cost, cost.Min());
        for (var t = count - 1; t >= 0; t--)
        {
            chosen[start + t] = targets[start + t].HasFace ? last : -1;
            last = back[t * k + last];
        }
    }

    private static float Target(MouthAtlas atlas, int sample, SampleTarget target, float range) =>
        target.HasFace ? TargetCost(atlas.Samples[sample].State, target, range) : 0;

    private static float[] JumpTable(MouthAtlas atlas, float range)
    {
        var k = atlas.Samples.Count;
        var table = new float[k * k];
        for (var from = 0; from < k; from++)
        {
            for (var to = 0; to < k; to++)
                table[from * k + to] = MoveCost(atlas, from, to, range);
        }
        return table;
    }
}
