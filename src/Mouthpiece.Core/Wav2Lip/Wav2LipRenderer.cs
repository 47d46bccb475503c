using Mouthpiece.Faces;
using Mouthpiece.Media;

namespace Mouthpiece.Wav2Lip;

/// <summary>
/// The neural engine's frame work: frames with a face are collected into the model's batch (face crops and their
/// mel windows), then run together and pasted back. The caller holds the frames until <see cref="Flush"/>, which
/// changes them in place. One instance per render.
/// </summary>
public sealed class Wav2LipRenderer
{
    private readonly Wav2LipModel _model;
    private readonly MelSpectrogram _mel;
    private readonly double _framesPerSecond;
    private readonly FacePaste _paste = new();
    private readonly List<(VideoFrame Frame, FaceCrop Crop)> _batch = [];

    public Wav2LipRenderer(Wav2LipModel model, MelSpectrogram mel, double framesPerSecond)
    {
        _model = model;
        _mel = mel;
        _framesPerSecond = framesPerSecond;
    }

    public int BatchSize => _model.BatchSize;

    public bool IsFull => _batch.Count == _model.BatchSize;

    /// <summary>
    /// Queues <paramref name="frame"/> (output frame number <paramref name="outputIndex"/>, which picks its mel
    /// window) for the next run; false when the face is too far outside the frame to crop, and the frame stays as it is.
    /// </summary>
    public bool Add(VideoFrame frame, FaceLandmarks face, long outputIndex)
    {
        if (IsFull)
            throw new InvalidOperationException("the batch is full; flush it first");
        if (FaceCrop.Around(face, frame.Width, frame.Height) is not { } crop)
            return false;
        var slot = _batch.Count;
        crop.WriteInput(frame, _model.Faces.Slice(slot * Wav2LipModel.FaceValues, Wav2LipModel.FaceValues));
        _mel.CopyChunk(outputIndex, _framesPerSecond, _model.Audio.Slice(slot * Wav2LipModel.AudioValues, Wav2LipModel.AudioValues));
        _batch.Add((frame, crop));
        return true;
    }

    /// <summary>Runs the model on the queued frames and pastes each result into its frame.</summary>
    public void Flush()
    {
        if (_batch.Count == 0)
            return;
        _model.Run(_batch.Count);
        for (var slot = 0; slot < _batch.Count; slot++)
            _paste.Paste(_batch[slot].Frame, _batch[slot].Crop, _model.Output.Slice(slot * Wav2LipModel.OutputValues, Wav2LipModel.OutputValues));
        _batch.Clear();
    }
}
