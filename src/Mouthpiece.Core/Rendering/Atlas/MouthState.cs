using System.Numerics;
using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Rendering.Atlas;

/// <summary>
/// What a source frame's mouth looks like, for choosing samples: how far it is open and how wide (inter-ocular
/// distances), how the head is turned (yaw and pitch from the nose tip against the eyes, roll from the eye line),
/// how bright the inside of the mouth is against the skin (teeth show bright, a cavity dark), and the skin's light.
/// </summary>
public readonly record struct MouthState(float Aperture, float Width, float Yaw, float Pitch, float Roll, float Teeth, float Light)
{
    public static MouthState Of(VideoFrame frame, FaceLandmarks face)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(face);
        var unit = Math.Max(face.InterOcularDistance, 1);
        var eyes = (face.LeftEyeCenter + face.RightEyeCenter) / 2;
        var across = Vector2.Normalize(face.RightEyeCenter - face.LeftEyeCenter + new Vector2(1e-6f, 0));
        var down = new Vector2(-across.Y, across.X);
        var nose = face[30] - eyes;
        var skin = SkinLight(frame, face, unit);
        return new MouthState(
            face.InnerLipAperture,
            Vector2.Distance(face[48], face[54]) / unit,
            Vector2.Dot(nose, across) / unit,
            Vector2.Dot(nose, down) / unit,
            MathF.Atan2(across.Y, across.X),
            InnerMouthLight(frame, face) / Math.Max(skin, 1),
            skin);
    }

    // Mean luma of two small cheek patches beside the mouth corners.
    private static float SkinLight(VideoFrame frame, FaceLandmarks face, float unit)
    {
        var radius = Math.Max(1, (int)(0.05f * unit));
        var sum = 0f;
        foreach (var (corner, jaw) in LowerFaceRegion.CheekDirections)
            sum += PatchMean(frame, face[corner] + 0.45f * (face[jaw] - face[corner]), radius);
        return sum / LowerFaceRegion.CheekDirections.Length;
    }

    private static float PatchMean(VideoFrame frame, Vector2 center, int radius)
    {
        var (cx, cy) = ((int)center.X, (int)center.Y);
        long sum = 0;
        var count = 0;
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(frame.Height - 1, cy + radius); y++)
        {
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(frame.Width - 1, cx + radius); x++)
            {
                sum += frame.Y[y * frame.Width + x];
                count++;
            }
        }
        return count == 0 ? 128 : (float)sum / count;
    }

    // Mean luma between the inner lips, sampled along the mouth's middle line: teeth are bright, a cavity is dark.
    private static float InnerMouthLight(VideoFrame frame, FaceLandmarks face)
    {
        if (face.InnerLipAperture < 0.02f)
            return 0;
        var sum = 0f;
        var count = 0;
        foreach (var (upper, lower) in (ReadOnlySpan<(int, int)>)[(61, 67), (62, 66), (63, 65)])
        {
            for (var t = 0.25f; t <= 0.76f; t += 0.25f)
            {
                var point = Vector2.Lerp(face[upper], face[lower], t);
                var (x, y) = ((int)point.X, (int)point.Y);
                if (x < 0 || y < 0 || x >= frame.Width || y >= frame.Height)
                    continue;
                sum += frame.Y[y * frame.Width + x];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
