using System.Runtime.InteropServices;

namespace Mouthpiece.Onnx;

// Owns one native ONNX Runtime object and releases it exactly once with its matching Release*.
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static T Adopt<T>(T owner, nint native)
        where T : OrtHandle
    {
        owner.SetHandle(native);
        return owner;
    }
}

internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseEnv(handle);
        return true;
    }
}

internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseMemoryInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSessionOptions(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSession(handle);
        return true;
    }
}

internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseTypeInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtValueHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseValue(handle);
        return true;
    }
}
