using System.Text.Json;
using System.Text.RegularExpressions;
using Mouthpiece.Messages;

namespace Mouthpiece.Web.Requests;

/// <summary>What ASP.NET Core found wrong with a request, as a message for the person who wrote the client.</summary>
internal static partial class RequestErrors
{
    public static Message Explain(BadHttpRequestException bad, HttpContext context) => bad switch
    {
        { InnerException: JsonException json } => Json(json),
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => Codes.Requests.BodyTooLarge(Limit(context)),
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => Codes.Requests.BodyContentType(),
        _ when bad.Message.Contains("no body was provided", StringComparison.Ordinal) => Codes.Requests.BodyRequired(),
        _ when MissingParameter().Match(bad.Message) is { Success: true } missing => missing.Groups["source"].Value == "body"
            ? Codes.Requests.BodyRequired()
            : Codes.Requests.ParameterMissing(missing.Groups["name"].Value),
        _ when InvalidParameter().Match(bad.Message) is { Success: true } invalid =>
            Codes.Requests.ParameterInvalid(invalid.Groups["name"].Value, invalid.Groups["value"].Value),
        _ => Codes.Requests.Unreadable(bad.Message),
    };

    /// <summary>The JSON path and what is wrong there, without the .NET type names System.Text.Json puts in its messages.</summary>
    private static Message Json(JsonException json)
    {
        const string missing = "missing required properties including:";
        var at = json.Message.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0)
            return Codes.Requests.BodyMissingProperties(json.Message[(at + missing.Length)..].Trim().TrimEnd('.'));
        return json.Path is { Length: > 0 } path ? Codes.Requests.BodyValueInvalid(path) : Codes.Requests.BodyNotJson();
    }

    private static long Limit(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestLimits.MaxJsonBodyBytes;

    // 'Required parameter "string kind" was not provided from query string.'
    [GeneratedRegex("""^Required parameter "(?:\S+ )?(?<name>\w+)" was not provided from (?<source>\w+)""")]
    private static partial Regex MissingParameter();

    // 'Failed to bind parameter "int page" from "abc".'
    [GeneratedRegex("""^Failed to bind parameter "(?:\S+ )?(?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex InvalidParameter();
}
