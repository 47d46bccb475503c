namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// Picks the face to animate when the user did not: the largest face that stays in the picture.
/// Each face number keeps a running mean of its box area, counting 0 while it is missing, so size and
/// presence both count. The choice moves only to a face whose mean is clearly larger, so two faces of
/// similar size do not make the animation hop between them, and a main speaker lost for a few frames
/// is waited for instead of replaced.
/// </summary>
internal sealed class MainSpeaker
{
    // About half a second at 30 fps for the mean to follow a change.
    private const float MeanWeight = 1 / 15f;

    // A challenger must be this much larger (in mean area) to take over.
    private const float SwitchMargin = 1.3f;

    private readonly List<float> _meanArea = [];
    private int? _chosen;

    /// <summary>Updates the means with this frame's faces and returns the main speaker's number.</summary>
    public int? Update(IReadOnlyList<FollowedFace> faces, int numbersGiven)
    {
        while (_meanArea.Count < numbersGiven)
            _meanArea.Add(0);
        for (var number = 0; number < _meanArea.Count; number++)
        {
            var area = faces.FirstOrDefault(face => face.Number == number)?.Box.Area ?? 0;
            _meanArea[number] += MeanWeight * (area - _meanArea[number]);
        }
        var best = LargestMean();
        if (best is { } challenger && (_chosen is not { } current || _meanArea[challenger] > SwitchMargin * _meanArea[current]))
            _chosen = challenger;
        return _chosen;
    }

    private int? LargestMean()
    {
        int? best = null;
        for (var number = 0; number < _meanArea.Count; number++)
        {
            if (_meanArea[number] > 0 && (best is null || _meanArea[number] > _meanArea[best.Value]))
                best = number;
        }
        return best;
    }
}
