using System.Runtime.CompilerServices;

namespace Mouthpiece.Faces.Landmarks;

/// <summary>
/// Parses dlib's <c>shape_predictor</c> serialization (dlib/image_processing/shape_predictor.h):
/// <c>int version (1)</c>, <c>matrix&lt;float,0,1&gt; initial_shape</c>,
/// <c>vector&lt;vector&lt;regression_tree&gt;&gt; forests</c> (a tree is its <c>split_feature</c>s
/// {idx1, idx2, thresh} in breadth-first order, then its leaf shape deltas),
/// <c>vector&lt;vector&lt;unsigned long&gt;&gt; anchor_idx</c> and
/// <c>vector&lt;vector&lt;vector&lt;float,2&gt;&gt;&gt; deltas</c> (each cascade's feature pixels,
/// relative to the nearest point of the initial shape).
/// </summary>
internal static class ShapePredictorFile
{
    // Far above the 68-point model (15 cascades, 500 trees of depth 4, 400 pixels) but small enough
    // that a corrupt count fails with a message instead of an out-of-memory crash.
    private const int MaxCascades = 100;
    private const int MaxTreesPerCascade = 10_000;
    private const int MaxSplitsPerTree = 255;
    private const long MaxLeafValuesPerCascade = 1 << 26;
    private const int MaxFeaturePixels = 4096;
    private const int MaxCoordinates = 2 * 1000;

    public static ShapePredictor Read(Stream stream, string name)
    {
        using var reader = new DlibStreamReader(stream, name);
        var version = reader.ReadInt32();
        if (version != 1)
            throw reader.Corrupt($"expected shape_predictor version 1, found {version}");

        var initialShape = ReadColumn(reader);
        if (initialShape.Length != 2 * FaceLandmarks.Count)
            throw reader.Corrupt($"expected {FaceLandmarks.Count} landmarks, found {initialShape.Length / 2}");

        var forests = ReadForests(reader, initialShape.Length);
        var anchors = ReadAnchors(reader, forests.Length);
        var deltas = ReadDeltas(reader, anchors);
        if (!reader.AtEnd)
            throw reader.Corrupt("unexpected bytes after the model");

        var cascades = new ShapePredictor.Cascade[forests.Length];
        for (var c = 0; c < cascades.Length; c++)
        {
            CheckIndices(reader, forests[c].Splits, anchors[c], initialShape.Length / 2);
            cascades[c] = forests[c] with { Anchors = anchors[c], Deltas = deltas[c] };
        }
        return new ShapePredictor(initialShape, cascades);
    }

    private static ShapePredictor.Cascade[] ReadForests(DlibStreamReader reader, int shapeLength)
    {
        var forests = new ShapePredictor.Cascade[reader.ReadCount(MaxCascades, "cascade count")];
        for (var c = 0; c < forests.Length; c++)
            forests[c] = ReadForest(reader, shapeLength);
        return forests;
    }

    private static ShapePredictor.Cascade ReadForest(DlibStreamReader reader, int shapeLength)
    {
        var treeCount = reader.ReadCount(MaxTreesPerCascade, "tree count");
        var splitsPerTree = 0;
        ShapePredictor.Split[] splits = [];
        float[] leaves = [];
        for (var t = 0; t < treeCount; t++)
        {
            var splitCount = reader.ReadCount(MaxSplitsPerTree, "split count");
            if (t == 0)
            {
                CheckFullTree(reader, splitCount);
                if ((long)treeCount * (splitCount + 1) * shapeLength > MaxLeafValuesPerCascade)
                    throw reader.Corrupt($"{treeCount} trees with {splitCount + 1} leaves are implausibly many");
                splitsPerTree = splitCount;
                splits = new ShapePredictor.Split[treeCount * splitCount];
                leaves = new float[treeCount * (splitCount + 1) * shapeLength];
            }
            else if (splitCount != splitsPerTree)
            {
                // The evaluator walks every tree of a cascade to the same depth; dlib's trainer builds them so.
                throw reader.Corrupt("trees of different depths in one cascade are not supported");
            }
            var leafFloats = (splitCount + 1) * shapeLength;
            ReadSplits(reader, splits.AsSpan(t * splitCount, splitCount));
            ReadLeaves(reader, leaves.AsSpan(t * leafFloats, leafFloats), splitCount + 1);
        }
        return new ShapePredictor.Cascade(treeCount, splitsPerTree, splits, leaves, [], []);
    }

    private static void CheckFullTree(DlibStreamReader reader, int splitCount)
    {
        var leafCount = splitCount + 1;
        if ((leafCount & (leafCount - 1)) != 0)
            throw reader.Corrupt($"a tree with {splitCount} splits is not a full binary tree");
    }

    private static void ReadSplits(DlibStreamReader reader, Span<ShapePredictor.Split> splits)
    {
        for (var i = 0; i < splits.Length; i++)
        {
            var first = reader.ReadCount(MaxFeaturePixels - 1, "feature pixel index");
            var second = reader.ReadCount(MaxFeaturePixels - 1, "feature pixel index");
            splits[i] = new ShapePredictor.Split(first, second, reader.ReadSingle());
        }
    }

    private static void ReadLeaves(DlibStreamReader reader, Span<float> leaves, int leafCount)
    {
        var shapeLength = leaves.Length / leafCount;
        if (reader.ReadCount(MaxSplitsPerTree + 1, "leaf count") != leafCount)
            throw reader.Corrupt("a tree's leaf count is not its split count + 1");
        for (var leaf = 0; leaf < leafCount; leaf++)
            ReadColumnInto(reader, leaves.Slice(leaf * shapeLength, shapeLength));
    }

    private static float[] ReadColumn(DlibStreamReader reader)
    {
        var values = new float[ReadColumnHeader(reader)];
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.ReadSingle();
        return values;
    }

    // Runs once per process over 16 million floats: compile it optimized at once rather than tier up mid-loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadColumnInto(DlibStreamReader reader, Span<float> values)
    {
        var length = ReadColumnHeader(reader);
        if (length != values.Length)
            throw reader.Corrupt($"expected a leaf of {values.Length} values, found {length}");
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.ReadSingle();
    }

    // dlib matrices store rows then columns; newer writers negate both to mark their format.
    private static int ReadColumnHeader(DlibStreamReader reader)
    {
        var rows = Math.Abs(reader.ReadInt64());
        var columns = Math.Abs(reader.ReadInt64());
        if (columns != 1 || rows <= 0 || rows > MaxCoordinates || rows % 2 != 0)
            throw reader.Corrupt($"expected a shape column, found a {rows}x{columns} matrix");
        return (int)rows;
    }

    private static int[][] ReadAnchors(DlibStreamReader reader, int cascadeCount)
    {
        if (reader.ReadCount(MaxCascades, "cascade count") != cascadeCount)
            throw reader.Corrupt("anchor list does not match the cascade count");
        var anchors = new int[cascadeCount][];
        for (var c = 0; c < cascadeCount; c++)
        {
            anchors[c] = new int[reader.ReadCount(MaxFeaturePixels, "feature pixel count")];
            for (var i = 0; i < anchors[c].Length; i++)
                anchors[c][i] = reader.ReadCount(MaxCoordinates, "anchor index");
        }
        return anchors;
    }

    private static float[][] ReadDeltas(DlibStreamReader reader, int[][] anchors)
    {
        if (reader.ReadCount(MaxCascades, "cascade count") != anchors.Length)
            throw reader.Corrupt("delta list does not match the cascade count");
        var deltas = new float[anchors.Length][];
        for (var c = 0; c < anchors.Length; c++)
        {
            if (reader.ReadCount(MaxFeaturePixels, "feature pixel count") != anchors[c].Length)
                throw reader.Corrupt("deltas and anchors differ in count");
            deltas[c] = new float[2 * anchors[c].Length];
            for (var i = 0; i < deltas[c].Length; i++)
                deltas[c][i] = reader.ReadSingle();
        }
        return deltas;
    }

    private static void CheckIndices(DlibStreamReader reader, ShapePredictor.Split[] splits, int[] anchors, int pointCount)
    {
        foreach (var split in splits)
        {
            if (split.FirstPixel >= anchors.Length || split.SecondPixel >= anchors.Length)
                throw reader.Corrupt("a split refers to a feature pixel that does not exist");
        }
        foreach (var anchor in anchors)
        {
            if (anchor >= pointCount)
                throw reader.Corrupt("a feature pixel is anchored to a landmark that does not exist");
        }
    }
}
