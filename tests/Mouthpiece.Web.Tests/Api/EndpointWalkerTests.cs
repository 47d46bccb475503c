using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>
/// Every endpoint the app maps (read from its endpoint data source, so a new one is walked without touching this
/// test), sent what a careless or hostile client sends: no body, null, an empty object, every property null or of
/// the wrong JSON type, null list items, a body over the limit, broken JSON, text and bytes that are not JSON, and
/// junk in every query parameter. No answer may be a 5xx; every 4xx must be problem JSON (HeyGem's envelope on /easy).
/// </summary>
public sealed class EndpointWalkerTests : IAsyncLifetime
{
    private KestrelServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await KestrelServer.StartAsync(("RequestsPerMinute", "100000"));
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task No_endpoint_answers_a_bad_request_with_a_5xx_or_without_a_problem()
    {
        var endpoints = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");
        var failures = new List<string>();
        var requests = 0;
        foreach (var endpoint in endpoints)
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                foreach (var (what, request) in BadRequests(endpoint, method))
                {
                    requests++;
                    using (request)
                        if (await CheckAsync(request) is { } failure)
                            failures.Add($"{method} {endpoint.RoutePattern.RawText} with {what}: {failure}");
                }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} bad requests answered wrongly:\n" + string.Join('\n', failures));
    }

    private async Task<string?> CheckAsync(HttpRequestMessage request)
    {
        var isHeyGem = request.RequestUri!.OriginalString.StartsWith("/easy", StringComparison.Ordinal);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status >= 500)
            return $"{status} {await response.Content.ReadAsStringAsync()}";
        if (status < 400)
            return null;
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            if (isHeyGem)
                return json.TryGetProperty("code", out var code) && code.GetInt32() != 10000 && json.TryGetProperty("msg", out _) ? null : $"{status} without HeyGem's envelope: {body}";
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return $"{status} as {response.Content.Headers.ContentType}: {body}";
            return json.TryGetProperty("status", out var said) && said.GetInt32() == status && json.TryGetProperty("title", out _) ? null : $"{status} with a problem that lacks status or title: {body}";
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: '{body}'";
        }
    }

    private static IEnumerable<(string What, HttpRequestMessage Request)> BadRequests(RouteEndpoint endpoint, string method)
    {
        var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
            string.Concat(segment.Parts.Select(part => part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal ? literal.Content : "no-such-id"))));
        if (path == "/api/events")
            yield break; // a stream that stays open; its answer is headers only, checked by the events tests
        var queries = QueryParameters(endpoint);
        var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        yield return ("nothing", Request(method, path));
        yield return ("junk in every query value", Request(method, path + Query(queries, "abc")));
        // Long, yet within the request line Kestrel reads (8 KB); beyond it Kestrel itself answers 414 before any app code runs.
        yield return ("4 KB in every query value", Request(method, path + Query(queries, new string('x', 4_000))));
        yield return ("a path-like query value", Request(method, path + Query(queries, "../../etc/passwd")));
        if (method is "GET" or "DELETE" or "HEAD")
            yield break;
        var query = Query(queries, "abc");
        yield return ("a null body", Json(method, path + query, "null"));
        yield return ("an empty object", Json(method, path + query, "{}"));
        yield return ("a JSON array", Json(method, path + query, "[1,2]"));
        yield return ("broken JSON", Json(method, path + query, "{\"audio\": \"x\", "));
        yield return ("text that is not JSON", Body(method, path + query, "hello there", "text/plain"));
        yield return ("JSON sent as text", Body(method, path + query, "{}", "text/plain"));
        yield return ("bytes", Body(method, path + query, "\u0000\u0001\u00ff binary", "application/octet-stream"));
        // A client that asks before sending (100-continue) hears the refusal; one that just sends may find the
        // connection closed under it, as the server will not read megabytes it refuses.
        var tooLarge = Json(method, path + query, "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");
        tooLarge.Headers.ExpectContinue = true;
        yield return ("a body over the limit", tooLarge);
        foreach (var (name, value) in WrongValues(body))
            yield return (name, Json(method, path + query, value));
    }

    /// <summary>For each property of the body's type: null, the wrong JSON kind, and (for lists) a null item and too many items.</summary>
    private static IEnumerable<(string, string)> WrongValues(Type? body)
    {
        if (body is null)
            yield break;
        foreach (var property in body.GetProperties())
        {
            var name = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var isList = property.PropertyType != typeof(string) && property.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable));
            yield return ($"{name} null", $"{{\"{name}\": null}}");
            yield return ($"{name} of the wrong type", $"{{\"{name}\": {(isList ? "\"x\"" : property.PropertyType == typeof(string) ? "[1]" : "\"x\"")}}}");
            yield return ($"{name} far too long", $"{{\"{name}\": \"{new string('z', 100_000)}\"}}");
            if (isList)
            {
                yield return ($"{name} with a null item", $"{{\"{name}\": [null]}}");
                yield return ($"{name} with a number item", $"{{\"{name}\": [5]}}");
                yield return ($"{name} with 5000 items", $"{{\"{name}\": [{string.Join(',', Enumerable.Repeat("\"id\"", 5000))}]}}");
            }
        }
    }

    /// <summary>The handler's parameters that come from the query string: simple types that are not route values.</summary>
    private static List<string> QueryParameters(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        if (method is null)
            return [];
        var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return method.GetParameters()
            .Where(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is { } type && (type.IsPrimitive || type == typeof(string)))
            .Select(p => p.Name!)
            .Where(name => !routeValues.Contains(name))
            .ToList();
    }

    private static string Query(List<string> names, string value) =>
        names.Count == 0 ? "" : "?" + string.Join('&', names.Select(name => $"{name}={Uri.EscapeDataString(value)}"));

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url);

    private static HttpRequestMessage Json(string method, string url, string json) => Body(method, url, json, "application/json");

    private static HttpRequestMessage Body(string method, string url, string content, string contentType) =>
        new(new HttpMethod(method), url) { Content = new StringContent(content, Encoding.UTF8, contentType) };
}
