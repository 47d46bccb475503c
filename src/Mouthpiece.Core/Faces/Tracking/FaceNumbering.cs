namespace Mouthpiece.Faces.Tracking;

// Gives each face a lasting number: left to right among the faces of the first detection, then in order
// of appearance. A face found again near where a missing face was last seen gets that face's number
// back, so the user's chosen face and the main speaker survive a lost track.
internal sealed class FaceNumbering
{
    private readonly List<FaceBox> _lastSeen = [];

    public int Count => _lastSeen.Count;

    // present: the numbers of the faces followed right now, which a new face cannot take.
    public int Assign(FaceBox box, IEnumerable<int> present)
    {
        var taken = present.ToHashSet();
        var best = -1;
        var bestDistance = float.MaxValue;
        for (var number = 0; number < _lastSeen.Count; number++)
        {
            var last = _lastSeen[number];
            var distance = MathF.Sqrt(Square(box.CenterX - last.CenterX) + Square(box.CenterY - last.CenterY));
            // Within half a face of where it was: people move little while the tracker looks for them.
            if (!taken.Contains(number) && distance < last.Width / 2 && distance < bestDistance)
                (best, bestDistance) = (number, distance);
        }
        if (best >= 0)
        {
            _lastSeen[best] = box;
            return best;
        }
        _lastSeen.Add(box);
        return _lastSeen.Count - 1;
    }

    public void Seen(int number, FaceBox box) => _lastSeen[number] = box;

    private static float Square(float value) => value * value;
}
