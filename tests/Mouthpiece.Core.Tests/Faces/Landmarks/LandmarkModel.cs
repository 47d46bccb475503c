using Mouthpiece.Faces.Landmarks;

namespace Mouthpiece.Core.Tests.Faces.Landmarks;

/// <summary>The installed dlib model, loaded once for all landmark tests (loading takes a noticeable fraction of a second).</summary>
internal static class LandmarkModel
{
    private static readonly Lazy<ShapePredictor> Loaded = new(() => ShapePredictor.Load(NativeAssets.LandmarkModel));

    public static ShapePredictor Shared => Loaded.Value;
}
