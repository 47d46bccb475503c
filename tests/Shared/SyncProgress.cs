namespace Mouthpiece.Tests;

/// <summary>Reports on the calling thread, so a test sees every value in order and can react at once.</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
