using Microsoft.AspNetCore.Http.HttpResults;
using Mouthpiece.Speech;

namespace Mouthpiece.Web.Jobs;

/// <summary><c>GET /api/voices</c>: the voices a typed script can be read in, for the page's voice picker.</summary>
public static class VoicesApi
{
    public static void MapVoices(this WebApplication app) =>
        app.MapGet("/api/voices", List).WithTags("Voices");

    private static Results<Ok<IReadOnlyList<Voice>>, ProblemHttpResult> List(WebAppOptions options)
    {
        try
        {
            return TypedResults.Ok(Voices.List(options.TtsService));
        }
        catch (TextToSpeechException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "no voices", detail: e.Message);
        }
    }
}
