using System.CommandLine;

namespace Mouthpiece.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable} or ./data)",
        Recursive = true,
    };

    public static DataDirectory ResolveData(ParseResult parse) => DataDirectory.Resolve(parse.GetValue(Data));
}
