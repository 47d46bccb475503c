using System.Globalization;
using SkiaSharp;

namespace Mouthpiece.Bench.Quality;

/// <summary>
/// A PNG of lower-face crops for people to judge the mouth with their eyes: one row per video (the render above
/// the reference), the same frames in each column, each labelled with its frame number and measured opening.
/// </summary>
internal static class QualityStrip
{
    public const int CropSize = 160;
    private const int LabelHeight = 22;
    private const float TextSize = 15;
    private static readonly string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public sealed record Row(string Label, VideoMeasurement Video);

    public static void Write(string path, IReadOnlyCollection<int> frameSet, IReadOnlyList<Row> rows)
    {
        var frames = frameSet.Order().ToList();
        var width = frames.Count * CropSize;
        var height = rows.Count * (LabelHeight + CropSize);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using var typeface = File.Exists(FontPath) ? SKTypeface.FromFile(FontPath) : SKTypeface.Default;
        using var font = new SKFont(typeface, TextSize);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var yellow = new SKPaint { Color = SKColors.Yellow, IsAntialias = true };
        using var shade = new SKPaint { Color = new SKColor(0, 0, 0, 150) };
        for (var r = 0; r < rows.Count; r++)
        {
            var top = r * (LabelHeight + CropSize);
            canvas.DrawText(rows[r].Label, 4, top + LabelHeight - 6, font, white);
            for (var c = 0; c < frames.Count; c++)
            {
                var frame = frames[c];
                if (!rows[r].Video.Crops.TryGetValue(frame, out var crop))
                    continue;
                var left = c * CropSize;
                canvas.DrawBitmap(crop, left, top + LabelHeight);
                var aperture = rows[r].Video.Aperture[frame];
                var label = string.Create(CultureInfo.InvariantCulture, $"{frame} a{aperture:0.00}");
                canvas.DrawRect(left, top + LabelHeight, font.MeasureText(label) + 6, TextSize + 4, shade);
                canvas.DrawText(label, left + 3, top + LabelHeight + TextSize, font, yellow);
            }
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
