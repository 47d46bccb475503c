using System.Numerics;
using Mouthpiece.Rendering;

namespace Mouthpiece.Core.Tests.Rendering;

public class DelaunayTests
{
    [Fact]
    public void A_jittered_grid_is_tiled_exactly_once_by_triangles_of_one_winding()
    {
        var random = new Random(7);
        var points = new List<Vector2>();
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var inner = x is > 0 and < 5 && y is > 0 and < 5;
                var jitter = inner ? new Vector2(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f) * 6 : Vector2.Zero;
                points.Add(new Vector2(x * 20, y * 20) + jitter);
            }
        }
        var triangles = new List<(int A, int B, int C)>();

        new Delaunay().Triangulate(points.ToArray(), triangles);

        // 2n − h − 2 triangles for n points with h on the hull, and together they tile the 100x100 square.
        Assert.Equal(2 * 36 - 20 - 2, triangles.Count);
        var area = triangles.Sum(t => Cross(points[t.B] - points[t.A], points[t.C] - points[t.A]) / 2);
        Assert.Equal(100 * 100, area, 1);
        Assert.All(triangles, t => Assert.True(Cross(points[t.B] - points[t.A], points[t.C] - points[t.A]) > 0));
    }

    private static float Cross(Vector2 u, Vector2 v) => u.X * v.Y - u.Y * v.X;
}
