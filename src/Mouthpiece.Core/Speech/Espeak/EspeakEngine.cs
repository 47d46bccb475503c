using System.Runtime.InteropServices;
using System.Text;

namespace Mouthpiece.Speech.Espeak;

/// <summary>What espeak-ng said about one piece of text: its samples and its events, in the order they came.</summary>
internal sealed record EspeakOutput(short[] Samples, IReadOnlyList<EspeakMark> Marks);

/// <summary>One event of a synthesis: a word (with its text position), a phoneme (with its IPA name), a sentence or clause end.</summary>
/// <param name="Milliseconds">Audio position from the start of the piece of text.</param>
/// <param name="TextPosition">For a word: its 1-based character (code point) position in the piece of text.</param>
/// <param name="Length">For a word: its length in characters.</param>
/// <param name="Phoneme">For a phoneme: its IPA name; empty for a pause.</param>
internal readonly record struct EspeakMark(EspeakEventType Type, int Milliseconds, int TextPosition, int Length, string Phoneme);

/// <summary>An espeak-ng voice as the library lists it.</summary>
/// <param name="Identifier">Its file in espeak-ng-data/voices or lang, e.g. <c>gmw/en-US</c>; unique.</param>
/// <param name="Name">espeak-ng's description, e.g. "English (America)".</param>
/// <param name="Language">Its first language code, e.g. <c>en-us</c>.</param>
internal sealed record EspeakVoiceEntry(string Identifier, string Name, string Language);

/// <summary>
/// The one espeak-ng instance of the process. libespeak-ng keeps its state in globals and is not thread-safe,
/// so every call takes one process-wide lock: syntheses run one at a time, each a few milliseconds per word.
/// Synthesis is synchronous (AUDIO_OUTPUT_SYNCHRONOUS): the callback receives samples and events on the
/// calling thread before <c>espeak_Synth</c> returns.
/// </summary>
internal static unsafe class EspeakEngine
{
    private const string InstallFix = "install Debian's libespeak-ng1 and espeak-ng-data (./start_app.sh does it)";

    private static readonly Lock Gate = new();
    private static int _sampleRate;
    private static Collector? _collector;

    /// <summary>The rate of the samples espeak-ng produces (22050 Hz for its own voices).</summary>
    public static int SampleRate
    {
        get
        {
            lock (Gate)
            {
                EnsureInitialized();
                return _sampleRate;
            }
        }
    }

    /// <summary>Speaks <paramref name="text"/> with the voice whose identifier is given; a pause follows its last word.</summary>
    /// <exception cref="TextToSpeechException">espeak-ng is missing or refused the voice or the text.</exception>
    public static EspeakOutput Synthesize(string voiceIdentifier, string text, CancellationToken cancellationToken)
    {
        var utf8 = Encoding.UTF8.GetBytes(text + "\0");
        lock (Gate)
        {
            EnsureInitialized();
            SelectVoice(voiceIdentifier);
            var collector = new Collector(cancellationToken);
            _collector = collector;
            int result;
            try
            {
                fixed (byte* bytes = utf8)
                    result = EspeakNative.Synth(bytes, (nuint)utf8.Length, 0, EspeakNative.PositionCharacter, 0,
                        EspeakNative.CharsUtf8 | EspeakNative.EndPause, null, null);
            }
            finally
            {
                _collector = null;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (collector.Failure is { } failure)
                throw new TextToSpeechException("espeak-ng's callback failed: " + failure.Message, failure);
            if (result != EspeakNative.Ok)
                throw new TextToSpeechException($"espeak-ng could not speak the text (error {result})");
            return collector.ToOutput();
        }
    }

    /// <summary>Every voice espeak-ng has, in its own order.</summary>
    public static IReadOnlyList<EspeakVoiceEntry> ListVoices()
    {
        lock (Gate)
        {
            EnsureInitialized();
            var voices = new List<EspeakVoiceEntry>();
            for (var entry = EspeakNative.ListVoices(null); *entry is not null; entry++)
            {
                var voice = *entry;
                var language = voice->Languages is null ? "" : Utf8(voice->Languages + 1);
                voices.Add(new EspeakVoiceEntry(Utf8(voice->Identifier), Utf8(voice->Name), language));
            }
            return voices;
        }
    }

    private static void EnsureInitialized()
    {
        if (_sampleRate > 0)
            return;
        int rate;
        try
        {
            // DONT_EXIT: without it, a missing espeak-ng-data folder makes the library call exit() on the whole process.
            rate = EspeakNative.Initialize(EspeakNative.AudioOutputSynchronous, 0, null,
                EspeakNative.InitializePhonemeEvents | EspeakNative.InitializePhonemeIpa | EspeakNative.InitializeDontExit);
        }
        catch (DllNotFoundException e)
        {
            throw new TextToSpeechException($"the built-in voices need {EspeakNative.Library}, which is not installed: {InstallFix}", e);
        }
        if (rate <= 0)
            throw new TextToSpeechException($"espeak-ng found no voice data (espeak-ng-data): {InstallFix}");
        EspeakNative.SetSynthCallback(&OnSynth);
        _sampleRate = rate;
    }

    private static void SelectVoice(string identifier)
    {
        var name = Encoding.UTF8.GetBytes(identifier + "\0");
        fixed (byte* bytes = name)
        {
            if (EspeakNative.SetVoiceByName(bytes) != EspeakNative.Ok)
                throw new TextToSpeechException($"espeak-ng has no voice {identifier}: {InstallFix}");
        }
    }

    private static string Utf8(byte* text) => text is null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";

    /// <summary>Called by espeak-ng on this thread, inside espeak_Synth; returning 1 aborts the synthesis.</summary>
    [UnmanagedCallersOnly]
    private static int OnSynth(short* samples, int count, EspeakEvent* events)
    {
        var collector = _collector;
        if (collector is null)
            return 1;
        try
        {
            return collector.Take(samples, count, events) ? 0 : 1;
        }
        catch (Exception e)
        {
            // An exception must not unwind through native frames.
            collector.Failure = e;
            return 1;
        }
    }

    private sealed class Collector(CancellationToken cancellationToken)
    {
        private readonly List<short> _samples = [];
        private readonly List<EspeakMark> _marks = [];

        public Exception? Failure { get; set; }

        public bool Take(short* samples, int count, EspeakEvent* events)
        {
            if (cancellationToken.IsCancellationRequested)
                return false;
            if (samples is not null && count > 0)
                _samples.AddRange(new ReadOnlySpan<short>(samples, count));
            for (var e = events; e is not null && e->Type != EspeakEventType.ListTerminated; e++)
            {
                switch (e->Type)
                {
                    case EspeakEventType.Word:
                        _marks.Add(new EspeakMark(e->Type, e->AudioPosition, e->TextPosition, e->Length, ""));
                        break;
                    case EspeakEventType.Phoneme:
                        _marks.Add(new EspeakMark(e->Type, e->AudioPosition, 0, 0, PhonemeName(e)));
                        break;
                    case EspeakEventType.Sentence or EspeakEventType.End:
                        _marks.Add(new EspeakMark(e->Type, e->AudioPosition, e->TextPosition, 0, ""));
                        break;
                }
            }
            return true;
        }

        public EspeakOutput ToOutput() => new([.. _samples], _marks);

        private static string PhonemeName(EspeakEvent* e)
        {
            var name = new ReadOnlySpan<byte>(e->Id, 8);
            var end = name.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
        }
    }
}
