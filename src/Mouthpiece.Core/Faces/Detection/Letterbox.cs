using System.Numerics;

namespace Mouthpiece.Faces.Detection;

// How a frame sits inside the square model input: scaled to fit whole, centred, the rest padded. Keeping the aspect
// ratio matters because BlazeFace was trained on undistorted faces.
internal readonly record struct Letterbox(float Scale, float OffsetX, float OffsetY)
{
    public static Letterbox Fit(int frameWidth, int frameHeight, int inputSize)
    {
        var scale = (float)inputSize / Math.Max(frameWidth, frameHeight);
        return new Letterbox(scale, (inputSize - frameWidth * scale) / 2, (inputSize - frameHeight * scale) / 2);
    }

    public Vector2 ToFrame(Vector2 input) => new((input.X - OffsetX) / Scale, (input.Y - OffsetY) / Scale);
}
