using System.Text.Json;
using Mouthpiece.Web.HeyGem;

namespace Mouthpiece.Web.Requests;

/// <summary>
/// Writes every problem the server answers, whatever the client's Accept header says: RFC 9457 problem JSON
/// with the request's trace id, or on <c>/easy/*</c> HeyGem's envelope, which its clients read instead.
/// </summary>
internal sealed class ProblemWriter : IProblemDetailsWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions["traceId"] = http.TraceIdentifier;
        if (http.Request.Path.StartsWithSegments("/easy"))
            return new ValueTask(http.Response.WriteAsJsonAsync(HeyGemApi.Refusal(problem.Detail ?? problem.Title ?? ""), Json));
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, Json, "application/problem+json"));
    }
}
