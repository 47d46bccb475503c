namespace Mouthpiece.Faces.Tracking;

/// <summary>What tracking has cost so far, split by whether the detector ran on the frame.</summary>
public sealed record FaceTrackerStatistics(int Frames, int DetectionFrames, TimeSpan TimeWithDetection, TimeSpan TimeWithoutDetection)
{
    public double MillisecondsPerFrame => PerFrame(TimeWithDetection + TimeWithoutDetection, Frames);

    public double MillisecondsPerDetectionFrame => PerFrame(TimeWithDetection, DetectionFrames);

    /// <summary>Frames where the faces were only followed by their landmarks.</summary>
    public double MillisecondsPerFollowFrame => PerFrame(TimeWithoutDetection, Frames - DetectionFrames);

    internal FaceTrackerStatistics Add(bool detected, TimeSpan elapsed) => detected
        ? this with { Frames = Frames + 1, DetectionFrames = DetectionFrames + 1, TimeWithDetection = TimeWithDetection + elapsed }
        : this with { Frames = Frames + 1, TimeWithoutDetection = TimeWithoutDetection + elapsed };

    private static double PerFrame(TimeSpan total, int frames) => frames == 0 ? 0 : total.TotalMilliseconds / frames;
}
