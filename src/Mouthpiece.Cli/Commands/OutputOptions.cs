using System.CommandLine;
using Mouthpiece.Pipeline;

namespace Mouthpiece.Cli.Commands;

/// <summary>The options <c>render</c> and <c>batch</c> share for the output: <c>--size</c>, <c>--quality</c> and <c>--long-audio</c>.</summary>
internal sealed class OutputOptions
{
    public Option<string?> Size { get; } = new("--size")
    {
        Description = "Output size: source (default: the video's own, within the input policy), 1080, 720 or 480 (the short side, in pixels)",
    };

    public Option<string?> Quality { get; } = new("--quality")
    {
        Description = "Encoder setting: draft (x264 ultrafast, half the bit rate), standard (default: fast), high (medium, 1.5x the bit rate)",
    };

    public Option<string?> LongAudio { get; } = new("--long-audio")
    {
        Description = "When the speech outlasts the video: pingpong (default: forward then backward, no jump) or loop (again from the start)",
    };

    public IEnumerable<Option> All => [Size, Quality, LongAudio];

    /// <exception cref="Messages.ProblemException">A name that is not one of the choices.</exception>
    public OutputSettings Resolve(ParseResult parse) => OutputSettings.Parse(parse.GetValue(Size), parse.GetValue(Quality), parse.GetValue(LongAudio));
}
