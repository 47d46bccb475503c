using System.Text.Json;

namespace Mouthpiece.Web.Problems;

/// <summary>Words for what ASP.NET Core found wrong with a request, for the person who wrote the client.</summary>
internal static class RequestErrors
{
    public static string Explain(BadHttpRequestException bad, HttpContext context) => bad switch
    {
        { InnerException: JsonException json } => $"the body is not the JSON this call takes{Where(json)}; see /openapi/v1.json",
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => $"the body is larger than this call accepts ({Limit(context)})",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "send the body as JSON (Content-Type: application/json)",
        { StatusCode: StatusCodes.Status408RequestTimeout } => bad.Message,
        _ when bad.Message.Contains("no body was provided", StringComparison.Ordinal) => "this call takes a JSON body; see /openapi/v1.json",
        _ => bad.Message,
    };

    /// <summary>The JSON path and what is wrong there, without the .NET type names System.Text.Json puts in its messages.</summary>
    private static string Where(JsonException json)
    {
        var missing = json.Message.IndexOf("missing required properties including:", StringComparison.Ordinal);
        if (missing >= 0)
            return ": it lacks " + json.Message[(missing + "missing required properties including:".Length)..].Trim().TrimEnd('.');
        return json.Path is { Length: > 0 } path ? $": the value at {path} is not valid" : ": it is not valid JSON";
    }

    private static string Limit(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"at most {limit} bytes"
            : "a smaller body";
}
