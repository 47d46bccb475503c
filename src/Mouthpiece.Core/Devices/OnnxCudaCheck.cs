using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Mouthpiece.Onnx;

namespace Mouthpiece.Devices;

/// <summary>
/// Whether ONNX Runtime's CUDA execution provider works here: the libraries it loads are present, and the face
/// detector's model then runs once on the GPU. The package ships the provider; the NVIDIA driver, CUDA 13 and cuDNN 9
/// are the machine's.
/// </summary>
public static class OnnxCudaCheck
{
    /// <summary>What ONNX Runtime 1.31's CUDA provider links against or loads (readelf -d on the provider, and its docs for cuDNN).</summary>
    internal static readonly string[] RequiredLibraries =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    public static GpuCheck Run()
    {
        // Asking the provider to load without its libraries only yields "Failed to load shared library"; naming them helps.
        var missing = RequiredLibraries.Where(library => !CanLoad(library)).ToList();
        if (missing.Count > 0)
            return new GpuCheck(GpuPath.CudaInference, false, "not found: " + string.Join(", ", missing));
        try
        {
            using var options = new OnnxSessionOptions { Cuda = true }.Create();
            using var session = new InferenceSession(NativeAssets.BlazeFaceFrontModel, options);
            var input = session.InputMetadata.First();
            using var value = OrtValue.CreateTensorValueFromMemory(new float[input.Value.Dimensions.Aggregate(1, (a, b) => a * b)], [.. input.Value.Dimensions.Select(d => (long)d)]);
            using var outputs = session.Run(new RunOptions(), [input.Key], [value], session.OutputNames);
            return new GpuCheck(GpuPath.CudaInference, true, "the face detector ran with ONNX Runtime's CUDA provider");
        }
        catch (OnnxRuntimeException e)
        {
            return new GpuCheck(GpuPath.CudaInference, false, e.Message);
        }
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
            return false;
        NativeLibrary.Free(handle);
        return true;
    }
}
