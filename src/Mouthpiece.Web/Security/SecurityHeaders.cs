namespace Mouthpiece.Web.Security;

/// <summary>Headers that keep the browser from sniffing types, framing the page or loading anything from elsewhere.</summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    // The page uses only its own scripts and styles; media and thumbnails come from the API (and blob: for local previews).
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The API docs page (Scalar) configures itself in an inline script and styles itself inline; still nothing from elsewhere.
    private const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; "
        + "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the answer starts, so an answer rewritten into a problem after an error keeps them.
        context.Response.OnStarting(() =>
        {
            SetHeaders(context.Response.Headers, context.Request.Path);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static void SetHeaders(IHeaderDictionary headers, PathString path)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = path.StartsWithSegments(ApiDocs.ApiDocsApi.DocsPath) ? DocsContentSecurityPolicy : ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
