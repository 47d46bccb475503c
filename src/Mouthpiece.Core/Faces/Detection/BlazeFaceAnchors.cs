using System.Numerics;

namespace Mouthpiece.Faces.Detection;

// BlazeFace's anchor grid. Each model output row belongs to one anchor: the centre of a grid cell, repeated once per
// anchor the cell holds. Both models use a 16x16 grid with 2 anchors a cell (512 rows) and an 8x8 grid with 6 (384
// rows); their anchors all have unit size, so only centres matter.
internal static class BlazeFaceAnchors
{
    public static readonly (int CellsPerRow, int AnchorsPerCell)[] Layers = [(16, 2), (8, 6)];

    // Anchor centres of one layer in 0..1 input coordinates, row by row, in output order.
    public static Vector2[] ForLayer(int cellsPerRow, int anchorsPerCell)
    {
        var anchors = new Vector2[cellsPerRow * cellsPerRow * anchorsPerCell];
        var index = 0;
        for (var y = 0; y < cellsPerRow; y++)
        {
            for (var x = 0; x < cellsPerRow; x++)
            {
                var centre = new Vector2(x + 0.5f, y + 0.5f) / cellsPerRow;
                for (var a = 0; a < anchorsPerCell; a++)
                    anchors[index++] = centre;
            }
        }
        return anchors;
    }
}
