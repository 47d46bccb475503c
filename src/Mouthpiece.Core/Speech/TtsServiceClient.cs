using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Media;

namespace Mouthpiece.Speech;

/// <summary>
/// Asks a HeyGem-compatible TTS service for speech: <c>POST /v1/invoke</c> with the JSON HeyGem's own client
/// sends (the text, <c>format: "wav"</c>, its sampling settings, an optional reference recording and its
/// text for a cloned voice), answered with the audio file itself. The answer is treated as hostile: its size
/// is capped, it is written through a partial file and kept only if ffprobe reads it as audio.
/// </summary>
public sealed class TtsServiceClient(TtsServiceOptions options, HttpClient? http = null)
{
    /// <summary>An hour of 48 kHz stereo 16-bit WAV is 690 MB; no script of <see cref="Script.MaxLength"/> needs more.</summary>
    public const long MaxAnswerBytes = 1L << 30;

    private static readonly HttpClient SharedHttp = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private readonly HttpClient _http = http ?? SharedHttp;

    /// <summary>Writes the speech for <paramref name="text"/> to <paramref name="audioPath"/> (complete or not at all) and returns its probe.</summary>
    /// <exception cref="TextToSpeechException">The service could not be reached, refused, or did not answer with audio.</exception>
    public async Task<MediaInfo> SynthesizeAsync(string text, string audioPath, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(options.Endpoint, InvokeRequest.For(text, options), deadline.Token);
            if (!response.IsSuccessStatusCode)
                throw Failure($"answered {(int)response.StatusCode} {response.ReasonPhrase}: {await ShortBodyAsync(response, deadline.Token)}");
            if (response.Content.Headers.ContentType?.MediaType is "application/json" or "text/html" or "text/plain")
                throw Failure($"answered {response.Content.Headers.ContentType.MediaType} instead of audio: {await ShortBodyAsync(response, deadline.Token)}");
            MediaInfo? audio = null;
            await OutputFile.WriteAsync(audioPath, async partial =>
            {
                await CopyCappedAsync(response, partial, deadline.Token);
                audio = await CheckAudioAsync(partial, deadline.Token);
            }, deadline.Token);
            return audio! with { Path = audioPath };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"did not answer within {options.Timeout.TotalMinutes:0.#} minutes");
        }
        catch (HttpRequestException e)
        {
            throw Failure($"cannot be reached ({e.Message})", e);
        }
    }

    private TextToSpeechException Failure(string problem, Exception? inner = null)
    {
        var message = $"the TTS service at {options.Endpoint} {problem}";
        return inner is null ? new TextToSpeechException(message) : new TextToSpeechException(message, inner);
    }

    private async Task CopyCappedAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxAnswerBytes)
            throw Failure($"sent {response.Content.Headers.ContentLength} bytes, more than the {MaxAnswerBytes} accepted");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxAnswerBytes)
                throw Failure($"sent more than the {MaxAnswerBytes} bytes accepted");
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private async Task<MediaInfo> CheckAudioAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = await MediaProbe.ProbeAudioAsync(path, cancellationToken);
            if (info.Duration <= TimeSpan.Zero)
                throw Failure("answered audio without any length");
            return info;
        }
        catch (MediaInputException e)
        {
            throw Failure($"answered something that is not audio ({e.Problem})", e);
        }
    }

    private static async Task<string> ShortBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        body = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return body.Length > 200 ? body[..200] + "…" : body.Length == 0 ? "(no body)" : body;
    }

    /// <summary>The request body, field for field as HeyGem's client (Duix.Avatar <c>src/main/service/voice.js</c>) sends it.</summary>
    internal sealed record InvokeRequest(
        [property: JsonPropertyName("speaker")] string Speaker,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("topP")] double TopP,
        [property: JsonPropertyName("max_new_tokens")] int MaxNewTokens,
        [property: JsonPropertyName("chunk_length")] int ChunkLength,
        [property: JsonPropertyName("repetition_penalty")] double RepetitionPenalty,
        [property: JsonPropertyName("temperature")] double Temperature,
        [property: JsonPropertyName("need_asr")] bool NeedAsr,
        [property: JsonPropertyName("streaming")] bool Streaming,
        [property: JsonPropertyName("is_fixed_seed")] int IsFixedSeed,
        [property: JsonPropertyName("is_norm")] int IsNorm,
        [property: JsonPropertyName("reference_audio")] string? ReferenceAudio,
        [property: JsonPropertyName("reference_text")] string? ReferenceText)
    {
        public static InvokeRequest For(string text, TtsServiceOptions options) => new(
            Guid.NewGuid().ToString(), text, "wav", 0.7, 1024, 100, 1.2, 0.7, false, false, 0, 1,
            options.ReferenceAudio, options.ReferenceText);
    }
}
