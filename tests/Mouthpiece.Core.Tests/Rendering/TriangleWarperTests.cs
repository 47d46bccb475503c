using System.Numerics;
using Mouthpiece.Rendering;

namespace Mouthpiece.Core.Tests.Rendering;

public class TriangleWarperTests
{
    private const int PlaneWidth = 100, PlaneHeight = 80;
    private const int Left = 10, Top = 12, Width = 61, Height = 43; // odd width: rows end in a partial block of eight

    // The box split into two triangles whose source corners are the target's moved by one affine map, so every
    // pixel has one exact answer: the bilinear sample of the untouched plane there. Checks the vectorised path
    // (blocks of eight) and the scalar one (row ends) against that, and that nothing outside the box moves.
    [Fact]
    public void Every_pixel_of_the_box_is_the_bilinear_sample_of_its_affine_source_and_nothing_outside_changes()
    {
        var random = new Random(3);
        var plane = new byte[PlaneWidth * PlaneHeight];
        random.NextBytes(plane);
        var untouched = plane.ToArray();
        Vector2[] target = [new(Left, Top), new(Left + Width - 1, Top), new(Left + Width - 1, Top + Height - 1), new(Left, Top + Height - 1)];
        var source = target.Select(SourceOf).ToArray();
        var copy = new PaddedPlaneCopy();
        copy.CopyFrom(new PlaneRegion(plane, PlaneWidth, Left, Top, Width, Height));

        TriangleWarper.Warp(new PlaneRegion(plane, PlaneWidth, Left, Top, Width, Height), copy, source, target,
            [(0, 1, 2), (0, 2, 3)], Enumerable.Repeat(1f, Width).ToArray(), Enumerable.Repeat(1f, Height).ToArray());

        for (var y = 0; y < PlaneHeight; y++)
        {
            for (var x = 0; x < PlaneWidth; x++)
            {
                var inside = x is >= Left and < Left + Width && y is >= Top and < Top + Height;
                var expected = inside ? Bilinear(untouched, SourceOf(new Vector2(x, y))) : untouched[y * PlaneWidth + x];
                Assert.True(Math.Abs(plane[y * PlaneWidth + x] - expected) <= 1, $"pixel ({x}, {y}): {plane[y * PlaneWidth + x]}, expected {expected:0.0}");
            }
        }
    }

    // A slight turn, stretch and shift, keeping every source position inside the box.
    private static Vector2 SourceOf(Vector2 target)
    {
        var local = target - new Vector2(Left + Width / 2f, Top + Height / 2f);
        return new Vector2(Left + Width / 2f + 0.9f * local.X + 0.05f * local.Y + 0.3f, Top + Height / 2f - 0.04f * local.X + 0.85f * local.Y + 0.6f);
    }

    private static double Bilinear(byte[] plane, Vector2 at)
    {
        var (x0, y0) = ((int)Math.Floor(at.X), (int)Math.Floor(at.Y));
        var (fx, fy) = (at.X - x0, at.Y - y0);
        double Pixel(int x, int y) => plane[y * PlaneWidth + x];
        var upper = Pixel(x0, y0) + fx * (Pixel(x0 + 1, y0) - Pixel(x0, y0));
        var lower = Pixel(x0, y0 + 1) + fx * (Pixel(x0 + 1, y0 + 1) - Pixel(x0, y0 + 1));
        return Math.Round(upper + fy * (lower - upper));
    }
}
