using Mouthpiece.Faces;
using Mouthpiece.Rendering;

namespace Mouthpiece.Pipeline;

/// <summary>
/// The face's relaxed mouth width, taken as the median over the first frames that show the face.
/// Measured on each frame alone it would follow the talking source mouth, and the drawn width would flicker.
/// </summary>
internal sealed class SteadyNeutral(MouthRendererOptions options)
{
    private const int SettleAfterFrames = 30;
    private readonly List<FaceLandmarks> _seen = [];
    private MouthNeutral? _settled;

    public MouthNeutral For(FaceLandmarks face)
    {
        if (_settled is { } neutral)
            return neutral;
        _seen.Add(face);
        var current = MouthNeutral.FromFaces(_seen, options);
        if (_seen.Count >= SettleAfterFrames)
        {
            _settled = current;
            _seen.Clear();
        }
        return current;
    }
}
