namespace Mouthpiece.Faces.Tracking;

/// <summary>The face to animate in one frame.</summary>
/// <param name="FaceIndex">
/// The face's lasting number: left to right among the faces of the first frame that had any, then in order
/// of appearance; the number <see cref="FaceTrackerOptions.FaceIndex"/> selects.
/// </param>
/// <param name="Landmarks">The 68 points, smoothed over time, in frame pixels.</param>
/// <param name="Box">A dlib-style box around the unsmoothed points.</param>
/// <param name="Measured">
/// The 68 points as the predictor found them in this frame alone: jittery, but without the smoothing's lag, so a
/// mouth that moves fast is where these say (what the atlas labels its mouths with).
/// </param>
public sealed record TrackedFace(int FaceIndex, FaceLandmarks Landmarks, FaceBox Box, FaceLandmarks Measured);
