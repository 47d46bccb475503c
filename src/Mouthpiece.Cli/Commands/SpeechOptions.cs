using System.CommandLine;
using Mouthpiece.Messages;
using Mouthpiece.Pipeline;
using Mouthpiece.Speech;
using Mouthpiece.Subtitles;

namespace Mouthpiece.Cli.Commands;

/// <summary>
/// The options <c>render</c> and <c>batch</c> share for what is said and subtitled: a script to read aloud
/// (<c>--text</c>, <c>--text-file</c>, with <c>--voice</c>) in place of a recording, and subtitles
/// (<c>--subtitles srt,vtt,burn</c>, from the script, or for a recording from <c>--script FILE</c>).
/// </summary>
internal sealed class SpeechOptions
{
    public Option<string?> Text { get; } = new("--text") { Description = "Text to be spoken by a voice, in place of --audio" };

    public Option<string?> TextFile { get; } = new("--text-file") { Description = "UTF-8 text file to be spoken by a voice, in place of --audio" };

    public Option<string?> Voice { get; } = new("--voice") { Description = "Voice for --text/--text-file (`mouthpiece voices` lists them; default auto: cmn for Chinese, en-us otherwise)" };

    public Option<string[]> Subtitles { get; } = new("--subtitles")
    {
        Description = "Subtitles to make: any of srt, vtt (files beside the output: OUT.srt, OUT.vtt) and burn (drawn into the video)",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Script { get; } = new("--script") { Description = "For --audio: the speech's words as SRT, WebVTT or plain text, for the subtitles" };

    public Option<bool> Retime { get; } = new("--retime") { Description = "Spread an SRT/WebVTT --script's text over the speech's pauses instead of keeping its timings" };

    public IEnumerable<Option> All => [Text, TextFile, Voice, Subtitles, Script, Retime];

    /// <summary>The script to read, from --text or --text-file; null when neither is given.</summary>
    public async Task<Script?> ScriptAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var (text, file, voice) = (parse.GetValue(Text), parse.GetValue(TextFile), parse.GetValue(Voice));
        if (text is not null && file is not null)
            throw new ProblemException(Codes.Cli.TextTwice());
        if (voice is not null && text is null && file is null)
            throw new ProblemException(Codes.Cli.VoiceWithoutText());
        return text is not null ? Speech.Script.Checked(text, voice, "--text")
            : file is not null ? await Speech.Script.FromFileAsync(file, voice, cancellationToken)
            : null;
    }

    /// <summary>The subtitles asked for; --script goes only with recorded speech, whose words a script gives.</summary>
    public SubtitleRequest SubtitleRequest(ParseResult parse, bool readingAScript)
    {
        var formats = SubtitleFormatNames.Parse(parse.GetValue(Subtitles));
        var script = parse.GetValue(Script);
        if (script is not null && readingAScript)
            throw new ProblemException(Codes.Cli.ScriptWithText());
        if (parse.GetValue(Retime) && script is null)
            throw new ProblemException(Codes.Cli.RetimeWithoutScript());
        if (script is not null && formats == SubtitleFormats.None)
            formats = SubtitleFormats.Srt;
        return new SubtitleRequest { Formats = formats, ScriptPath = script, Retime = parse.GetValue(Retime) };
    }
}
