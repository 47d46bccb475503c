using System.Runtime.InteropServices;

namespace Mouthpiece.Onnx;

// The part of ONNX Runtime's C API table (OrtApi in onnxruntime_c_api.h) that Mouthpiece calls. The table is a struct
// of function pointers in header order and only ever grows at the end, so the indices below, counted in the
// version-13 header, hold for every later runtime (we ship 1.30).
internal sealed unsafe class OrtApi
{
    // The header version the indices were counted in; the runtime serves any version up to its own.
    private const uint ApiVersion = 13;

    private const int LoggingLevelError = 3;
    private const int DeviceAllocator = 0;
    private const int MemTypeDefault = 0;

    private static readonly Lazy<OrtApi> Shared = new(
        () => Load(NativeAssets.OnnxRuntimeLibrary), LazyThreadSafetyMode.PublicationOnly);

    private OrtApi(nint api, string version)
    {
        var table = (nint*)api;
        GetErrorCode = (delegate* unmanaged<nint, int>)table[1];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)table[2];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)table[3];
        CreateSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)table[7];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)table[9];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)table[10];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[24];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[25];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)table[30];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)table[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[34];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[36];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[37];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)table[49];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)table[55];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)table[60];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)table[61];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)table[62];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)table[69];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)table[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)table[78];
        ReleaseEnv = (delegate* unmanaged<nint, void>)table[92];
        ReleaseStatus = (delegate* unmanaged<nint, void>)table[93];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)table[94];
        ReleaseSession = (delegate* unmanaged<nint, void>)table[95];
        ReleaseValue = (delegate* unmanaged<nint, void>)table[96];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)table[98];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)table[100];
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)table[130];
        CreateStatus = (delegate* unmanaged<int, byte*, nint>)table[0];

        Version = version;
        Env = CreateDefaultEnv();
        CpuMemory = CreateCpuMemory();
        nint allocator;
        Check(GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;
    }

    public static OrtApi Instance => Shared.Value;

    public string Version { get; }

    // One environment for the whole process, as ONNX Runtime asks; it is never released because sessions may live
    // until the process exits.
    public OrtEnvHandle Env { get; }

    public OrtMemoryInfoHandle CpuMemory { get; }

    // The runtime's own allocator, which owns the name strings it returns; never freed.
    public nint DefaultAllocator { get; }

    public delegate* unmanaged<int, byte*, nint> CreateStatus { get; }
    public delegate* unmanaged<nint, int> GetErrorCode { get; }
    public delegate* unmanaged<nint, byte*> GetErrorMessage { get; }
    public delegate* unmanaged<int, byte*, nint*, nint> CreateEnv { get; }
    public delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession { get; }
    public delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run { get; }
    public delegate* unmanaged<nint*, nint> CreateSessionOptions { get; }
    public delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads { get; }
    public delegate* unmanaged<nint, int, nint> SetInterOpNumThreads { get; }
    public delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount { get; }
    public delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount { get; }
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo { get; }
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo { get; }
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName { get; }
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName { get; }
    public delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue { get; }
    public delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo { get; }
    public delegate* unmanaged<nint, int*, nint> GetTensorElementType { get; }
    public delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount { get; }
    public delegate* unmanaged<nint, long*, nuint, nint> GetDimensions { get; }
    public delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo { get; }
    public delegate* unmanaged<nint, void*, nint> AllocatorFree { get; }
    public delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions { get; }
    public delegate* unmanaged<nint, void> ReleaseEnv { get; }
    public delegate* unmanaged<nint, void> ReleaseStatus { get; }
    public delegate* unmanaged<nint, void> ReleaseMemoryInfo { get; }
    public delegate* unmanaged<nint, void> ReleaseSession { get; }
    public delegate* unmanaged<nint, void> ReleaseValue { get; }
    public delegate* unmanaged<nint, void> ReleaseTypeInfo { get; }
    public delegate* unmanaged<nint, void> ReleaseSessionOptions { get; }
    public delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry { get; }

    public static OrtApi Load(string libraryPath)
    {
        if (!File.Exists(libraryPath))
            throw new DllNotFoundException(
                $"ONNX Runtime was not found at {libraryPath}. Run ./test.sh or ./start_app.sh, which unpack it into .deps/.");
        var library = NativeLibrary.Load(libraryPath);
        var getApiBase = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        var apiBase = (nint*)getApiBase();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";
        var api = getApi(ApiVersion);
        if (api == 0)
            throw new DllNotFoundException($"ONNX Runtime {version} at {libraryPath} does not offer C API version {ApiVersion}.");
        return new OrtApi(api, version);
    }

    // Turns a non-null OrtStatus* into an exception carrying the runtime's own message.
    public void Check(nint status)
    {
        if (status == 0)
            return;
        var code = (OrtErrorCode)GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "no message";
        ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message);
    }

    // Copies a string the runtime allocated with its default allocator, then frees it.
    public string TakeString(byte* text)
    {
        try
        {
            return Marshal.PtrToStringUTF8((nint)text) ?? "";
        }
        finally
        {
            Check(AllocatorFree(DefaultAllocator, text));
        }
    }

    private OrtEnvHandle CreateDefaultEnv()
    {
        nint env;
        fixed (byte* logId = "mouthpiece"u8)
            Check(CreateEnv(LoggingLevelError, logId, &env));
        return OrtHandle.Adopt(new OrtEnvHandle(), env);
    }

    private OrtMemoryInfoHandle CreateCpuMemory()
    {
        nint info;
        Check(CreateCpuMemoryInfo(DeviceAllocator, MemTypeDefault, &info));
        return OrtHandle.Adopt(new OrtMemoryInfoHandle(), info);
    }
}
