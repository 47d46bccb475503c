using System.Numerics;

namespace Mouthpiece.Rendering;

/// <summary>
/// Bowyer–Watson Delaunay triangulation for the few dozen control points of one face.
/// Quadratic, which is nothing at this size; lists are kept between calls so a video does not allocate per frame.
/// </summary>
internal sealed class Delaunay
{
    private readonly List<Vector2> _points = [];
    private readonly List<Triangle> _triangles = [];
    private readonly List<Triangle> _next = [];
    private readonly List<(int A, int B)> _boundary = [];

    /// <summary>Triangulates <paramref name="points"/>; triangles come out as index triples, all with a positive cross product (one winding).</summary>
    public void Triangulate(ReadOnlySpan<Vector2> points, List<(int A, int B, int C)> triangles)
    {
        triangles.Clear();
        _points.Clear();
        foreach (var point in points)
            _points.Add(point);
        AddSuperTriangle(points);
        _triangles.Clear();
        _triangles.Add(Triangle.Of(_points, points.Length, points.Length + 1, points.Length + 2));
        for (var i = 0; i < points.Length; i++)
            Insert(i);
        foreach (var t in _triangles)
        {
            if (t.A < points.Length && t.B < points.Length && t.C < points.Length)
                triangles.Add((t.A, t.B, t.C));
        }
    }

    private void AddSuperTriangle(ReadOnlySpan<Vector2> points)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var point in points)
        {
            min = Vector2.Min(min, point);
            max = Vector2.Max(max, point);
        }
        var size = Math.Max(max.X - min.X, max.Y - min.Y) + 1;
        var middle = (min + max) / 2;
        _points.Add(middle + new Vector2(-20 * size, -20 * size));
        _points.Add(middle + new Vector2(20 * size, -20 * size));
        _points.Add(middle + new Vector2(0, 20 * size));
    }

    private void Insert(int index)
    {
        var point = _points[index];
        _boundary.Clear();
        _next.Clear();
        foreach (var t in _triangles)
        {
            if (t.CircumcircleContains(point))
            {
                ToggleEdge(t.A, t.B);
                ToggleEdge(t.B, t.C);
                ToggleEdge(t.C, t.A);
            }
            else
            {
                _next.Add(t);
            }
        }
        foreach (var (a, b) in _boundary)
            _next.Add(Triangle.Of(_points, a, b, index));
        _triangles.Clear();
        _triangles.AddRange(_next);
    }

    // An edge shared by two removed triangles is inside the hole and must not be kept.
    private void ToggleEdge(int a, int b)
    {
        for (var i = 0; i < _boundary.Count; i++)
        {
            var (x, y) = _boundary[i];
            if ((x == a && y == b) || (x == b && y == a))
            {
                _boundary.RemoveAt(i);
                return;
            }
        }
        _boundary.Add((a, b));
    }

    // Circumcircles in double precision: the super triangle is far larger than the face, and float loses the test.
    private readonly record struct Triangle(int A, int B, int C, double CenterX, double CenterY, double RadiusSquared)
    {
        public static Triangle Of(List<Vector2> points, int a, int b, int c)
        {
            var (pa, pb, pc) = (points[a], points[b], points[c]);
            if ((double)(pb.X - pa.X) * (pc.Y - pa.Y) - (double)(pb.Y - pa.Y) * (pc.X - pa.X) < 0)
                (b, c, pb, pc) = (c, b, pc, pb);
            double ax = pa.X, ay = pa.Y, bx = pb.X, by = pb.Y, cx = pc.X, cy = pc.Y;
            var d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
            if (Math.Abs(d) < 1e-12)
                return new Triangle(a, b, c, ax, ay, double.PositiveInfinity); // collinear: any later point replaces it
            var a2 = ax * ax + ay * ay;
            var b2 = bx * bx + by * by;
            var c2 = cx * cx + cy * cy;
            var centerX = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
            var centerY = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
            return new Triangle(a, b, c, centerX, centerY, (centerX - ax) * (centerX - ax) + (centerY - ay) * (centerY - ay));
        }

        public bool CircumcircleContains(Vector2 point)
        {
            var dx = point.X - CenterX;
            var dy = point.Y - CenterY;
            return dx * dx + dy * dy < RadiusSquared;
        }
    }
}
