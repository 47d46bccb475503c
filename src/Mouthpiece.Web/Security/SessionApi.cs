using Microsoft.AspNetCore.Http.HttpResults;

namespace Mouthpiece.Web.Security;

/// <summary>Lets the page learn whether a key is needed, and trade the key for a session cookie.</summary>
public static class SessionApi
{
    public sealed record SessionState(bool KeyRequired, bool SignedIn);

    public sealed record SignIn(string Key);

    public static void MapSession(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session").WithTags("Session");
        group.MapGet("", (HttpRequest request, ApiKeyGuard guard) =>
            TypedResults.Ok(new SessionState(guard.IsRequired, guard.IsAllowed(request))));
        group.MapPost("", SignInAsync);
    }

    private static Results<NoContent, UnauthorizedHttpResult> SignInAsync(SignIn body, HttpContext context, ApiKeyGuard guard)
    {
        if (!guard.Matches(body.Key))
            return TypedResults.Unauthorized();
        context.Response.Cookies.Append(ApiKeyGuard.Cookie, guard.SessionToken(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return TypedResults.NoContent();
    }
}
