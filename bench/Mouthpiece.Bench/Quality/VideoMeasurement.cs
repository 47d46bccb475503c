using System.Numerics;
using Mouthpiece.Evaluation;
using Mouthpiece.Faces;
using Mouthpiece.Media;
using Mouthpiece.Rendering;
using SkiaSharp;

namespace Mouthpiece.Bench.Quality;

/// <summary>
/// What the independent meter sees in every frame of one video: the largest face's unsmoothed landmarks, how much
/// the mouth region changed since the frame before, and pictures of the lower face in the frames asked for.
/// </summary>
internal sealed class VideoMeasurement
{
    private VideoMeasurement(FaceLandmarks?[] faces, double[] mouthChange, Dictionary<int, SKBitmap> crops, double framesPerSecond)
    {
        Faces = faces;
        MouthChange = mouthChange;
        Crops = crops;
        FramesPerSecond = framesPerSecond;
    }

    public FaceLandmarks?[] Faces { get; }

    /// <summary>Per frame: mean absolute luma change in the mouth region since the frame before (NaN without a face).</summary>
    public double[] MouthChange { get; }

    public IReadOnlyDictionary<int, SKBitmap> Crops { get; }

    public double FramesPerSecond { get; }

    public int FrameCount => Faces.Length;

    /// <summary>Inner-lip opening per frame, inter-ocular distances.</summary>
    public double[] Aperture => [.. Faces.Select(face => face is null ? double.NaN : (double)face.InnerLipAperture)];

    /// <summary>Mouth corner to corner per frame, inter-ocular distances.</summary>
    public double[] Width => [.. Faces.Select(face => face is null ? double.NaN : (double)(Vector2.Distance(face[48], face[54]) / face.InterOcularDistance))];

    /// <summary>The median frame-to-frame change inside the mouth region: how steady the mouth looks.</summary>
    public double Stability => QualityMath.Median(MouthChange);

    public static async Task<VideoMeasurement> MeasureAsync(ApertureMeter meter, string path, IReadOnlySet<int> cropFrames, double? framesPerSecond = null)
    {
        var info = await MediaProbe.ProbeVideoAsync(path);
        await using var reader = RawVideoReader.Open(info, framesPerSecond ?? info.Video!.FramesPerSecond);
        var frame = new VideoFrame(reader.Width, reader.Height);
        var previous = new VideoFrame(reader.Width, reader.Height);
        var faces = new List<FaceLandmarks?>();
        var changes = new List<double>();
        var crops = new Dictionary<int, SKBitmap>();
        while (await reader.ReadAsync(frame))
        {
            var face = meter.Landmarks(frame);
            changes.Add(face is null || faces.Count == 0 ? double.NaN : MouthRegionChange(previous, frame, face));
            if (face is not null && cropFrames.Contains(faces.Count))
                crops[faces.Count] = LowerFaceCrop(frame, face);
            faces.Add(face);
            frame.CopyTo(previous);
        }
        return new VideoMeasurement([.. faces], [.. changes], crops, reader.FramesPerSecond);
    }

    /// <summary>The box around the lips with a fifth of the mouth's width to spare on every side.</summary>
    public static PixelRect MouthBox(FaceLandmarks face, int width, int height)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        for (var i = 48; i < 68; i++)
        {
            min = Vector2.Min(min, face[i]);
            max = Vector2.Max(max, face[i]);
        }
        var spare = 0.2f * (max.X - min.X);
        var left = Math.Clamp((int)(min.X - spare), 0, width - 1);
        var top = Math.Clamp((int)(min.Y - spare), 0, height - 1);
        var right = Math.Clamp((int)(max.X + spare) + 1, left + 1, width);
        var bottom = Math.Clamp((int)(max.Y + spare) + 1, top + 1, height);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    private static double MouthRegionChange(VideoFrame previous, VideoFrame current, FaceLandmarks face)
    {
        var box = MouthBox(face, current.Width, current.Height);
        long sum = 0;
        for (var y = box.Top; y < box.Bottom; y++)
        {
            var a = previous.Y.Slice(y * current.Width + box.Left, box.Width);
            var b = current.Y.Slice(y * current.Width + box.Left, box.Width);
            for (var x = 0; x < a.Length; x++)
                sum += Math.Abs(a[x] - b[x]);
        }
        return (double)sum / (box.Width * box.Height);
    }

    /// <summary>A square picture from just above the nose tip to below the chin, centred on the mouth.</summary>
    private static SKBitmap LowerFaceCrop(VideoFrame frame, FaceLandmarks face)
    {
        var unit = face.InterOcularDistance;
        var top = face[33].Y - 0.15f * unit;
        var side = Math.Max(face[8].Y + 0.2f * unit - top, 8);
        var center = (face[48] + face[54]) / 2;
        return YuvPicture.Crop(frame, new SKRect(center.X - side / 2, top, center.X + side / 2, top + side), QualityStrip.CropSize);
    }
}
