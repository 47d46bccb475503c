using Mouthpiece.Jobs;
using Mouthpiece.Media;
using Mouthpiece.Messages;

namespace Mouthpiece.Cli;

/// <summary>
/// Runs a command body and turns the failures a user can meet into one line on stderr and an exit code:
/// 2 for a bad input (the file and the problem), 1 for a tool failure, 130 for Ctrl+C. Never a stack trace.
/// Problems are worded in the terminal's language (<see cref="Localized"/>).
/// </summary>
internal static class CommandRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Canceled = 130;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (MediaInputException e)
        {
            return Fail(BadInput, $"{e.FilePath}: {Localized.Text(e.Problem)}");
        }
        catch (DiskSpaceException e)
        {
            return Fail(Failure, Localized.Text(e.Problem));
        }
        catch (ProblemException e)
        {
            return Fail(BadInput, Localized.Text(e.Problem));
        }
        catch (FormatException e)
        {
            return Fail(BadInput, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(Canceled, Localized.Text(Codes.Cli.Canceled()));
        }
        catch (Exception e) when (e is FfmpegException or InvalidOperationException or IOException or TimeoutException)
        {
            return Fail(Failure, e.Message);
        }
    }

    /// <summary>Says what went wrong in one line, <c>error: …</c>, and gives the exit code back.</summary>
    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
