using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mouthpiece.Web.Tests.Api;

/// <summary>The OpenAPI document and the /docs page: every endpoint says what it takes and what it answers.</summary>
public sealed partial class ApiDocsTests() : ApiTest(("Workers", "0"))
{
    /// <summary>Fails for an endpoint added without typed results or Produces metadata: its answer would be undocumented.</summary>
    [Fact]
    public async Task Every_api_operation_has_a_success_response_with_a_schema()
    {
        var document = await Client.JsonAsync("/openapi/v1.json");
        var undocumented = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) || p.Name.StartsWith("/easy/", StringComparison.Ordinal)))
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var successes = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                var described = successes.Count > 0 && successes.All(r => r.Name == "204" || HasSchemas(r.Value));
                if (!described)
                    undocumented.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        Assert.True(undocumented.Count == 0, "no response schema: " + string.Join(", ", undocumented));
    }

    [Fact]
    public async Task Uploads_take_the_file_as_a_binary_body_and_downloads_are_binary()
    {
        var document = await Client.JsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var upload = paths.GetProperty("/api/uploads").GetProperty("post");
        var body = Resolve(document, upload.GetProperty("requestBody").GetProperty("content").GetProperty("application/octet-stream").GetProperty("schema"));
        Assert.Equal(("string", "binary"), (body.GetProperty("type").GetString(), body.GetProperty("format").GetString()));
        Assert.True(upload.GetProperty("responses").GetProperty("201").GetProperty("content").TryGetProperty("application/json", out _));
        var output = paths.GetProperty("/api/jobs/{id}/output").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("binary", Resolve(document, output.GetProperty("video/mp4").GetProperty("schema")).GetProperty("format").GetString());
    }

    [Fact]
    public async Task Request_and_response_bodies_have_examples_that_match_their_schemas()
    {
        var schemas = (await Client.JsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "SubmitJob", "SubmitBatch", "DeleteJobs", "SubmitRequest", "UploadView", "JobView", "BatchView", "HistoryPage" })
        {
            var schema = schemas.GetProperty(name);
            Assert.True(schema.TryGetProperty("examples", out var examples), name + " has no example");
            var example = examples[0];
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.All(example.EnumerateObject(), field => Assert.Contains(field.Name, properties));
        }
        var failed = schemas.GetProperty("BatchView").GetProperty("examples")[0].GetProperty("jobs")[1];
        Assert.Equal(("failed", "job.video_problem"), (failed.GetProperty("state").GetString(), failed.GetProperty("error").GetProperty("code").GetString()));
    }

    /// <summary>A schema, or the one its <c>$ref</c> names (<c>#/components/schemas/NAME</c>).</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    [Fact]
    public async Task Docs_page_is_served_with_its_script_from_this_server()
    {
        var page = await Client.GetStringAsync("/docs");
        // Relative to the site's root, so that the page works behind a path prefix too.
        Assert.Contains("\"openapi/v1.json\"", page, StringComparison.Ordinal);
        var scripts = ScriptSource().Matches(page).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.DoesNotMatch("^(https?:)?//", src));
        foreach (var src in scripts)
        {
            using var script = await Client.GetAsync(new Uri(new Uri(Client.BaseAddress!, "/docs/"), src));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1000, src);
        }
    }

    private static bool HasSchemas(JsonElement response) =>
        response.TryGetProperty("content", out var content) && content.EnumerateObject().Any()
        && content.EnumerateObject().All(media => media.Value.TryGetProperty("schema", out _));

    [GeneratedRegex(""""<script[^>]*\bsrc="(?<src>[^"]+)"""")]
    private static partial Regex ScriptSource();
}
