using System.Runtime.InteropServices;

namespace Mouthpiece.Speech.Espeak;

/// <summary>
/// The part of libespeak-ng's C API (<c>espeak-ng/speak_lib.h</c>, API revision 12, Debian's <c>libespeak-ng1</c>)
/// that Mouthpiece calls. Nothing here is thread-safe: the library keeps its state in globals, so every call goes
/// through <see cref="EspeakEngine"/>, which holds a process-wide lock.
/// </summary>
internal static unsafe partial class EspeakNative
{
    public const string Library = "libespeak-ng.so.1";

    public const int AudioOutputSynchronous = 2;
    public const int InitializePhonemeEvents = 0x0001;
    public const int InitializePhonemeIpa = 0x0002;
    public const int InitializeDontExit = 0x8000;

    public const uint CharsUtf8 = 1;
    public const uint EndPause = 0x1000;

    public const int PositionCharacter = 1;

    /// <summary>espeak_ERROR: EE_OK.</summary>
    public const int Ok = 0;

    [LibraryImport(Library, EntryPoint = "espeak_Initialize")]
    public static partial int Initialize(int output, int bufferMilliseconds, byte* path, int options);

    [LibraryImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    public static partial void SetSynthCallback(delegate* unmanaged<short*, int, EspeakEvent*, int> callback);

    [LibraryImport(Library, EntryPoint = "espeak_SetVoiceByName")]
    public static partial int SetVoiceByName(byte* name);

    [LibraryImport(Library, EntryPoint = "espeak_SetParameter")]
    public static partial int SetParameter(int parameter, int value, int relative);

    [LibraryImport(Library, EntryPoint = "espeak_Synth")]
    public static partial int Synth(
        byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(Library, EntryPoint = "espeak_ListVoices")]
    public static partial EspeakVoice** ListVoices(EspeakVoice* voiceSpec);
}

/// <summary>espeak_EVENT_TYPE.</summary>
internal enum EspeakEventType
{
    ListTerminated = 0,
    Word = 1,
    Sentence = 2,
    Mark = 3,
    Play = 4,
    End = 5,
    MessageTerminated = 6,
    Phoneme = 7,
    SampleRate = 8,
}

/// <summary>espeak_EVENT, as laid out on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakEvent
{
    public EspeakEventType Type;
    public uint UniqueIdentifier;

    /// <summary>1-based character (code point) position of the word in the text given to espeak_Synth.</summary>
    public int TextPosition;

    /// <summary>A word's length in characters.</summary>
    public int Length;

    /// <summary>Milliseconds from the start of this message's audio.</summary>
    public int AudioPosition;

    public int Sample;
    public void* UserData;

    /// <summary>The union <c>id</c>: a phoneme's UTF-8 name (at most 8 bytes, NUL-terminated when shorter) or a number.</summary>
    public fixed byte Id[8];
}

/// <summary>espeak_VOICE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakVoice
{
    public byte* Name;

    /// <summary>Pairs of (priority byte, NUL-terminated language name), ended by an empty name.</summary>
    public byte* Languages;

    public byte* Identifier;
    public byte Gender;
    public byte Age;
    public byte Variant;
    public byte Reserved;
    public int Score;
    public void* Spare;
}
