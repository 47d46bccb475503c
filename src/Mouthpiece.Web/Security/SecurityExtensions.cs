using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HostFiltering;
using Mouthpiece.Messages;
using Mouthpiece.Web.Localization;

namespace Mouthpiece.Web.Security;

/// <summary>
/// The web layer's defences, in the order a request meets them: Host check (DNS rebinding), security
/// headers, CORS (only when configured), rate limit, API key, and the cross-site guard on state changes.
/// </summary>
public static class SecurityExtensions
{
    internal const string CorsPolicy = "configured-origins";

    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<HostFilteringOptions>().Configure<WebAppOptions>((filter, web) =>
        {
            filter.AllowedHosts = AllowedHosts(web);
            filter.IncludeFailureMessage = false;
        });
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<WebAppOptions>((cors, web) =>
            cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins([.. web.CorsOrigins]).AllowAnyHeader().AllowAnyMethod()));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerClient);
            limiter.OnRejected = (rejected, _) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var perMinute = context.RequestServices.GetRequiredService<WebAppOptions>().RequestsPerMinute;
                return new ValueTask(Problems.Of(StatusCodes.Status429TooManyRequests, "too many requests", Codes.Security.TooManyRequests(perMinute)).ExecuteAsync(context));
            };
        });
        services.AddSingleton<ApiKeyGuard>();
        return services;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<CrossSiteGuard>();
        return app;
    }

    /// <summary>Loopback names, the bound address and configured names; anything when bound to every address without a list.</summary>
    private static List<string> AllowedHosts(WebAppOptions web)
    {
        var wildcard = web.Host is "0.0.0.0" or "::" or "*" or "+";
        if (wildcard && web.AllowedHosts.Count == 0)
            return ["*"];
        List<string> hosts = ["localhost", "127.0.0.1", "[::1]", .. web.AllowedHosts];
        if (!wildcard)
            hosts.Add(IPAddress.TryParse(web.Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{web.Host}]" : web.Host);
        return hosts;
    }

    /// <summary>API calls are counted per client address; static files and the page itself are not.</summary>
    private static RateLimitPartition<string> PerClient(HttpContext context)
    {
        if (!IsApi(context.Request.Path))
            return RateLimitPartition.GetNoLimiter("static");
        var limit = context.RequestServices.GetRequiredService<WebAppOptions>().RequestsPerMinute;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    internal static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/easy") || path.StartsWithSegments("/openapi");
}
