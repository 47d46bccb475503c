using System.Security.Cryptography;
using System.Text;
using Mouthpiece.Messages;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Security;

/// <summary>
/// Checks the API key when one is configured: in the <c>X-Api-Key</c> header, as a bearer token, or as
/// the session cookie the page gets by posting the key once (EventSource and video elements cannot send
/// headers). The cookie holds a keyed hash of the key, never the key itself.
/// </summary>
public sealed class ApiKeyGuard(WebAppOptions options)
{
    public const string Header = "X-Api-Key";

    public const string Cookie = "mouthpiece-session";

    public bool IsRequired => !string.IsNullOrEmpty(options.ApiKey);

    public bool IsAllowed(HttpRequest request)
    {
        if (!IsRequired)
            return true;
        if (Matches(request.Headers[Header].ToString()))
            return true;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim()))
            return true;
        return request.Cookies.TryGetValue(Cookie, out var session) && FixedTimeEquals(session, SessionToken());
    }

    public bool Matches(string? candidate) =>
        IsRequired && !string.IsNullOrEmpty(candidate) && FixedTimeEquals(candidate, options.ApiKey!);

    public string SessionToken() =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey ?? ""), "mouthpiece-session"u8));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary>Answers 401 to API calls without the key; the page and its files stay reachable so a person can enter it.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ApiKeyGuard guard)
    {
        var path = context.Request.Path;
        if (!SecurityExtensions.IsApi(path) || path.StartsWithSegments("/api/session") || guard.IsAllowed(context.Request))
            return next(context);
        return Problems.Of(StatusCodes.Status401Unauthorized, "API key required", Codes.Security.ApiKeyRequired(ApiKeyGuard.Header)).ExecuteAsync(context);
    }
}
