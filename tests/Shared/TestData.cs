namespace Mouthpiece.Tests;

/// <summary>Finds files under the repository's <c>tests/data</c> folder from wherever the tests run.</summary>
internal static class TestData
{
    private static readonly string Root = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
    }
}
