using System.Numerics;

namespace Mouthpiece.Faces.Tracking;

/// <summary>
/// Smooths one face's landmark track over time with a <see cref="OneEuroFilter"/> per coordinate.
/// Not thread-safe; use one per tracked face.
/// </summary>
public sealed class LandmarkSmoother
{
    private readonly OneEuroFilter[] _filters;

    public LandmarkSmoother(OneEuroOptions options)
    {
        _filters = new OneEuroFilter[2 * FaceLandmarks.Count];
        for (var i = 0; i < _filters.Length; i++)
            _filters[i] = new OneEuroFilter(options);
    }

    /// <summary>Returns the smoothed landmarks of the frame shown at <paramref name="timeSeconds"/>.</summary>
    public FaceLandmarks Smooth(FaceLandmarks landmarks, double timeSeconds)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var points = new Vector2[FaceLandmarks.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var x = _filters[2 * i].Filter(landmarks[i].X, timeSeconds);
            var y = _filters[2 * i + 1].Filter(landmarks[i].Y, timeSeconds);
            points[i] = new Vector2((float)x, (float)y);
        }
        return new FaceLandmarks(points);
    }

    /// <summary>Starts a new track: the next landmarks pass unchanged.</summary>
    public void Reset()
    {
        foreach (var filter in _filters)
            filter.Reset();
    }
}
