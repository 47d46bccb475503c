using Mouthpiece.Onnx;

namespace Mouthpiece.Core.Tests.Onnx;

public class OnnxSessionTests
{
    [Fact]
    public void BlazeFace_back_model_reports_its_inputs_and_outputs()
    {
        using var session = new OnnxSession(NativeAssets.BlazeFaceBackModel);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("input:0", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([1L, 256, 256, 3], input.Shape);
        Assert.Equal(
            ["Identity:0 [1,512,1]", "Identity_1:0 [1,384,1]", "Identity_2:0 [1,512,16]", "Identity_3:0 [1,384,16]"],
            session.Outputs.Select(o => $"{o.Name} [{string.Join(',', o.Shape)}]"));
    }

    [Fact]
    public void Run_writes_results_into_the_callers_output_buffers()
    {
        using var session = new OnnxSession(NativeAssets.BlazeFaceBackModel);
        using var input = OnnxTensor.Allocate(1, 256, 256, 3);
        var outputs = session.Outputs.Select(o => OnnxTensor.Allocate([.. o.Shape])).ToArray();
        try
        {
            input.Span.Fill(0.1f);
            foreach (var output in outputs)
                output.Span.Fill(float.NaN);

            session.Run([input], outputs);

            foreach (var output in outputs)
                Assert.All(output.Span.ToArray(), value => Assert.True(float.IsFinite(value)));
            // A flat grey picture holds no face: every score logit stays well below 0 (probability 0.5).
            Assert.True(outputs[0].Span.ToArray().Max() < 0);
        }
        finally
        {
            foreach (var output in outputs)
                output.Dispose();
        }
    }

    [Fact]
    public void Two_threads_compute_what_one_thread_computes()
    {
        var single = RunOnNoise(new OnnxSessionOptions { IntraOpThreads = 1 });
        var parallel = RunOnNoise(new OnnxSessionOptions { IntraOpThreads = 2 });
        for (var i = 0; i < single.Length; i++)
            Assert.Equal(single[i], parallel[i], 0.001f);
    }

    [Fact]
    public void Input_of_the_wrong_shape_fails_with_the_runtime_message()
    {
        using var session = new OnnxSession(NativeAssets.BlazeFaceBackModel);
        using var input = OnnxTensor.Allocate(1, 128, 128, 3);
        var outputs = session.Outputs.Select(o => OnnxTensor.Allocate([.. o.Shape])).ToArray();

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([input], outputs));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("input:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimensions", error.Message, StringComparison.Ordinal);
        foreach (var output in outputs)
            output.Dispose();
    }

    [Fact]
    public void Disposed_tensor_is_refused_instead_of_reaching_the_runtime()
    {
        using var session = new OnnxSession(NativeAssets.BlazeFaceBackModel);
        var input = OnnxTensor.Allocate(1, 256, 256, 3);
        input.Dispose();
        var outputs = session.Outputs.Select(o => OnnxTensor.Allocate([.. o.Shape])).ToArray();

        Assert.Throws<ObjectDisposedException>(() => session.Run([input], outputs));
        foreach (var output in outputs)
            output.Dispose();
    }

    [Fact]
    public void Missing_model_file_fails_with_the_runtime_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => new OnnxSession(path));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_model_file_fails_with_the_runtime_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf-encoded ONNX model");
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => new OnnxSession(path));
            Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public unsafe void Runtime_status_becomes_an_exception_with_its_code_and_message()
    {
        // Round-trips a status through CreateStatus, GetErrorCode, GetErrorMessage and ReleaseStatus,
        // which checks the API table offsets those four sit at.
        var api = OrtApi.Instance;
        nint status;
        fixed (byte* message = "made up failure\0"u8)
            status = api.CreateStatus((int)OrtErrorCode.NotImplemented, message);

        var error = Assert.Throws<OnnxRuntimeException>(() => api.Check(status));

        Assert.Equal(OrtErrorCode.NotImplemented, error.ErrorCode);
        Assert.EndsWith("made up failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_runtime_library_error_says_how_to_install_it()
    {
        var error = Assert.Throws<DllNotFoundException>(() => OrtApi.Load("/nonexistent/libonnxruntime.so.1"));

        Assert.Contains("./test.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("./start_app.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loaded_runtime_is_the_shipped_version()
    {
        Assert.StartsWith("1.30.", OrtApi.Instance.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_rejects_a_buffer_that_does_not_match_its_shape()
    {
        Assert.Throws<ArgumentException>(() => new OnnxTensor(new float[11], [1, 3, 4]));
    }

    [Fact]
    public void Tensor_shares_the_callers_buffer_without_copying()
    {
        var buffer = new float[12];
        using var tensor = new OnnxTensor(buffer, [1, 3, 4]);

        tensor.Span[5] = 42;

        Assert.Equal(42, buffer[5]);
        Assert.Equal([1L, 3, 4], tensor.Shape.ToArray());
    }

    private static float[] RunOnNoise(OnnxSessionOptions options)
    {
        using var session = new OnnxSession(NativeAssets.BlazeFaceBackModel, options);
        using var input = OnnxTensor.Allocate(1, 256, 256, 3);
        using var scores = OnnxTensor.Allocate(1, 512, 1);
        using var scores2 = OnnxTensor.Allocate(1, 384, 1);
        using var boxes = OnnxTensor.Allocate(1, 512, 16);
        using var boxes2 = OnnxTensor.Allocate(1, 384, 16);
        var random = new Random(7);
        foreach (ref var value in input.Span)
            value = random.NextSingle() * 2 - 1;
        session.Run([input], [scores, scores2, boxes, boxes2]);
        return boxes.Span.ToArray();
    }
}
