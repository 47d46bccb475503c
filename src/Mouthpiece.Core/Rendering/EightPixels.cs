using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mouthpiece.Rendering;

/// <summary>
/// The x86 (AVX2) pieces the hot pixel loops share, eight pixels at a time with the scalar loops' float operations
/// in the same order, so both give the same pixels.
/// </summary>
internal static class EightPixels
{
    /// <summary>0 … 7: added to the first pixel's position, the positions of eight pixels in a row.</summary>
    public static readonly Vector256<float> Lanes = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);

    /// <summary>
    /// Bilinear reads of eight points of a plane; each gather fetches a pixel with its right neighbour. Lanes outside
    /// <paramref name="inside"/> read the plane's first pixels instead, and their values mean nothing.
    /// </summary>
    public static unsafe Vector256<float> Bilinear(byte* plane, int stride, Vector256<float> x, Vector256<float> y, Vector256<int> inside)
    {
        var x0 = Avx.ConvertToVector256Int32WithTruncation(x);
        var y0 = Avx.ConvertToVector256Int32WithTruncation(y);
        var fx = x - Avx.ConvertToVector256Single(x0);
        var fy = y - Avx.ConvertToVector256Single(y0);
        var offsets = (Avx2.MultiplyLow(y0, Vector256.Create(stride)) + x0) & inside;
        var upperPairs = Avx2.GatherVector256((int*)plane, offsets, 1);
        var lowerPairs = Avx2.GatherVector256((int*)(plane + stride), offsets, 1);
        var lowByte = Vector256.Create(0xFF);
        var a = Avx.ConvertToVector256Single(upperPairs & lowByte);
        var b = Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(upperPairs, 8) & lowByte);
        var c = Avx.ConvertToVector256Single(lowerPairs & lowByte);
        var d = Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(lowerPairs, 8) & lowByte);
        var upper = a + fx * (b - a);
        var lower = c + fx * (d - c);
        return upper + fy * (lower - upper);
    }

    /// <summary>Eight levels of 0–255 as eight bytes, the first in the lowest.</summary>
    public static ulong Bytes(Vector256<int> levels) =>
        Vector128.Narrow(Vector256.Narrow(levels, levels).GetLower(), Vector128<short>.Zero).AsUInt64().ToScalar();
}
