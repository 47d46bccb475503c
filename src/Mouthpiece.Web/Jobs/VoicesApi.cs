using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Messages;
using Mouthpiece.Speech;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Jobs;

/// <summary><c>GET /api/voices</c>: the voices a typed script can be read in, for the page's voice picker.</summary>
public static class VoicesApi
{
    public static void MapVoices(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/voices", List).WithTags("Voices");

    private static Results<Ok<IReadOnlyList<Voice>>, ProblemHttpResult> List(WebAppOptions options)
    {
        try
        {
            return TypedResults.Ok(Voices.List(options.TtsService));
        }
        catch (TextToSpeechException e)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "no voices", Codes.Errors.Unexpected(e.Message));
        }
    }
}
