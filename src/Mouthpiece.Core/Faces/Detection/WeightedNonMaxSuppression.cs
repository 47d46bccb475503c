namespace Mouthpiece.Faces.Detection;

// MediaPipe's weighted non-max suppression: neighbouring anchors fire on the same face, so instead of keeping only
// the best one, each cluster of overlapping detections is averaged with the scores as weights, which steadies the box
// from frame to frame. The merged face keeps the best score.
internal static class WeightedNonMaxSuppression
{
    public static void Apply(List<DetectedFace> candidates, float mergeOverlap, List<DetectedFace> faces)
    {
        faces.Clear();
        candidates.Sort(static (a, b) => b.Box.Score.CompareTo(a.Box.Score));
        Span<bool> taken = candidates.Count <= 1024 ? stackalloc bool[candidates.Count] : new bool[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!taken[i])
                faces.Add(MergeCluster(candidates, i, mergeOverlap, taken));
        }
    }

    private static DetectedFace MergeCluster(List<DetectedFace> candidates, int best, float mergeOverlap, Span<bool> taken)
    {
        var leader = candidates[best].Box;
        float x = 0, y = 0, width = 0, height = 0, totalWeight = 0;
        var keypoints = default(FaceKeypoints);
        for (var j = best; j < candidates.Count; j++)
        {
            var candidate = candidates[j];
            if (taken[j] || (j != best && leader.IntersectionOverUnion(candidate.Box) < mergeOverlap))
                continue;
            taken[j] = true;
            var weight = candidate.Box.Score;
            x += candidate.Box.X * weight;
            y += candidate.Box.Y * weight;
            width += candidate.Box.Width * weight;
            height += candidate.Box.Height * weight;
            keypoints = keypoints.Plus(candidate.Keypoints.Scaled(weight));
            totalWeight += weight;
        }
        var scale = 1 / totalWeight;
        return new DetectedFace(
            new FaceBox(x * scale, y * scale, width * scale, height * scale, leader.Score),
            keypoints.Scaled(scale));
    }
}
