namespace Mouthpiece.Faces.Tracking;

// Picks the face to animate when the user did not: the largest face that stays in the picture.
// Each face number keeps a running mean of its box area, counting 0 while it is missing, so size and
// presence both count. The choice moves only to a face whose mean is clearly larger, so two faces of
// similar size do not make the animation hop between them, and a main speaker lost for a few frames
// is waited for instead of replaced.
internal sealed class MainSpeaker
{
    // About half a second at 30 fps for the mean to follow a change.
    private const float MeanWeight = 1 / 15f;

    // A challenger must be this much larger (in mean area) to take over.
    private const float SwitchMargin = 1.3f;

    private readonly List<float> _meanArea = [];
    private int? _chosen;

    // Takes this frame's box area of each face number (0 where that face is missing) and returns the
    // main speaker's number.
    public int? Update(ReadOnlySpan<float> areaByNumber)
    {
        while (_meanArea.Count < areaByNumber.Length)
            _meanArea.Add(0);
        for (var number = 0; number < _meanArea.Count; number++)
        {
            var area = number < areaByNumber.Length ? areaByNumber[number] : 0;
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
