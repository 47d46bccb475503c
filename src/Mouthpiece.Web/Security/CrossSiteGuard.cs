using Mouthpiece.Messages;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Security;

/// <summary>
/// Refuses state-changing requests that a browser sends on behalf of another site (CSRF): an Origin
/// that is neither this server nor a configured CORS origin, or, without Origin, a Sec-Fetch-Site that
/// says cross-site. Scripts and HeyGem clients send neither header and pass.
/// </summary>
internal sealed class CrossSiteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, WebAppOptions options)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            return next(context);
        if (IsCrossSite(request, options))
            return Problems.Of(StatusCodes.Status403Forbidden, "cross-site request refused", Codes.Security.CrossSite()).ExecuteAsync(context);
        return next(context);
    }

    private static bool IsCrossSite(HttpRequest request, WebAppOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
            return !IsSameOrigin(origin, request) && !options.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "cross-site" or "same-site";
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
