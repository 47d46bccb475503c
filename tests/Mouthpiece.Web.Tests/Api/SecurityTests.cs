using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>Each defence with a hostile request: wrong Host, foreign Origin, missing key, too many calls, CORS, headers.</summary>
public sealed class SecurityTests() : ApiTest(("Workers", "0"))
{
    [Fact]
    public async Task Page_and_api_carry_the_security_headers()
    {
        foreach (var url in new[] { "/", "/api/system" })
        {
            using var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_loads_no_script_or_style_from_another_host()
    {
        var html = await Client.GetStringAsync("/");
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("//cdn", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebind.attacker.test:7860")]
    public async Task Wrong_host_header_is_400(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/system");
        request.Headers.Host = host;
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Foreign_origin_cannot_change_state_but_the_own_origin_and_scripts_can()
    {
        using var foreign = Post("/api/jobs/delete", origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.SendAsync(foreign)).StatusCode);
        using var crossSite = Post("/api/jobs/delete", fetchSite: "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.SendAsync(crossSite)).StatusCode);
        using var heygem = Post("/easy/submit", origin: "null");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.SendAsync(heygem)).StatusCode);

        using var own = Post("/api/jobs/delete", origin: "http://localhost", fetchSite: "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(own)).StatusCode);
        using var script = Post("/api/jobs/delete");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(script)).StatusCode);
    }

    [Fact]
    public async Task No_cors_headers_unless_configured()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await Client.SendAsync(preflight);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        using var configured = new MouthpieceFactory(("Workers", "0"), ("CorsOrigins", "https://studio.example"));
        using var allowedClient = configured.CreateClient();
        using var allowedPreflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        allowedPreflight.Headers.Add("Origin", "https://studio.example");
        allowedPreflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var allowed = await allowedClient.SendAsync(allowedPreflight);
        Assert.Equal("https://studio.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var post = Post("/api/jobs/delete", origin: "https://studio.example");
        Assert.Equal(HttpStatusCode.OK, (await allowedClient.SendAsync(post)).StatusCode);
    }

    [Fact]
    public async Task Too_many_api_calls_get_429_but_the_page_still_loads()
    {
        using var limited = new MouthpieceFactory(("Workers", "0"), ("RequestsPerMinute", "5"));
        using var limitedClient = limited.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await limitedClient.GetAsync("/api/session");
            codes.Add(response.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), codes.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[5]);
        using var refused = await limitedClient.GetAsync("/api/session");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("security.too_many_requests", problem.GetProperty("code").GetString());
        Assert.Equal(5, problem.GetProperty("params").GetProperty("perMinute").GetInt32());
        using var page = await limitedClient.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Api_key_when_configured_is_needed_by_header_or_session_cookie()
    {
        using var keyed = new MouthpieceFactory(("Workers", "0"), ("ApiKey", "s3cret-key"));
        using var anonymous = keyed.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/system")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/easy/query?code=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
        var session = await anonymous.JsonAsync("/api/session");
        Assert.True(session.GetProperty("keyRequired").GetBoolean());
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/session", new { key = "guess" })).StatusCode);

        using var withHeader = keyed.CreateClient();
        withHeader.DefaultRequestHeaders.Add("X-Api-Key", "s3cret-key");
        Assert.Equal(HttpStatusCode.OK, (await withHeader.GetAsync("/api/system")).StatusCode);

        using var browser = keyed.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = await browser.PostAsJsonAsync("/api/session", new { key = "s3cret-key" });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret-key", cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/system")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_api_endpoint()
    {
        var document = await Client.JsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(r => r.StartsWith("/api", StringComparison.Ordinal) || r.StartsWith("/easy", StringComparison.Ordinal))
            .ToHashSet();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes");
        Assert.Empty(routes.Except(paths));
    }

    private static HttpRequestMessage Post(string url, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { ids = Array.Empty<string>() }) };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (fetchSite is not null)
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }
}
