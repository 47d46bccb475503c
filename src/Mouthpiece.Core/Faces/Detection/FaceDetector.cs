using System.Numerics;
using Mouthpiece.Media;
using Mouthpiece.Onnx;

namespace Mouthpiece.Faces.Detection;

/// <summary>
/// Finds faces in video frames with MediaPipe's BlazeFace model run through ONNX Runtime.
/// All buffers are made once, so detection allocates only the small result array.
/// One instance serves one thread at a time; use one detector per concurrent stage.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private readonly FaceDetectorOptions _options;
    private readonly OnnxModel _model;
    private readonly OutputLayer[] _layers;
    private readonly LetterboxSampler _sampler;
    private readonly List<DetectedFace> _candidates = new(64);
    private readonly List<DetectedFace> _faces = new(8);

    public FaceDetector(FaceDetectorOptions? options = null)
    {
        _options = options ?? new FaceDetectorOptions();
        if (_options.ScoreThreshold is <= 0 or >= 1 || _options.MergeOverlap is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "ScoreThreshold must lie in (0, 1) and MergeOverlap in (0, 1]");
        _model = new OnnxModel(_options.ModelPath, new OnnxSessionOptions { IntraOpThreads = _options.Threads, Cuda = _options.Cuda });
        try
        {
            InputSize = ReadInputSize(_model.Inputs);
            _layers = [.. BlazeFaceAnchors.Layers.Select(layer => FindLayer(layer.CellsPerRow, layer.AnchorsPerCell))];
            _sampler = new LetterboxSampler(InputSize);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Width and height of the model's square input in pixels (256 for the back model).</summary>
    public int InputSize { get; }

    /// <summary>The faces in <paramref name="frame"/>, best score first; empty when there is none.</summary>
    public IReadOnlyList<DetectedFace> Detect(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _sampler.Fill(frame, _model.Input(0));
        _model.Run();

        _candidates.Clear();
        foreach (var layer in _layers)
        {
            BlazeFaceDecoder.Decode(_model.Output(layer.ScoresOutput), _model.Output(layer.BoxesOutput), layer.Anchors, InputSize,
                _sampler.Letterbox, _options.ScoreThreshold, _candidates);
        }
        WeightedNonMaxSuppression.Apply(_candidates, _options.MergeOverlap, _faces);
        return _faces.ToArray();
    }

    public void Dispose() => _model.Dispose();

    private static int ReadInputSize(IReadOnlyList<OnnxTensorInfo> inputs)
    {
        if (inputs is not [{ Shape: [1, var height, var width, 3] }] || height != width)
            throw new NotSupportedException(
                $"not a BlazeFace model: expected one input [1,size,size,3], found {string.Join("; ", inputs)}");
        return (int)width;
    }

    // Finds the score and box outputs of one anchor layer by their shapes, which are fixed, unlike their names.
    private OutputLayer FindLayer(int cellsPerRow, int anchorsPerCell)
    {
        var anchors = BlazeFaceAnchors.ForLayer(cellsPerRow, anchorsPerCell);
        int Output(int valuesPerAnchor)
        {
            for (var i = 0; i < _model.Outputs.Count; i++)
            {
                if (_model.Outputs[i].Shape is [1, var count, var values] && count == anchors.Length && values == valuesPerAnchor)
                    return i;
            }
            throw new NotSupportedException(
                $"not a BlazeFace model: no output [1,{anchors.Length},{valuesPerAnchor}] among {string.Join("; ", _model.Outputs)}");
        }
        return new OutputLayer(Output(1), Output(BlazeFaceDecoder.ValuesPerAnchor), anchors);
    }

    // Indices of the layer's score and box outputs among the model's outputs.
    private sealed record OutputLayer(int ScoresOutput, int BoxesOutput, Vector2[] Anchors);
}
