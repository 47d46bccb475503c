using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mouthpiece.Web.Problems;

/// <summary>
/// Holds every JSON body to the C# type it binds to. JSON lets a client leave a property out, set it to null, put
/// null in a list, or send a million items; the record's types say what may be null, and this filter refuses the
/// rest with a 400 naming the property, before a handler sees it. Added once, for every endpoint.
/// </summary>
internal static class RequestShapeFilter
{
    public const int MaxText = 1024;

    public const int MaxItems = 1000;

    private static readonly NullabilityInfoContext Nullability = new();

    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // The body is the one parameter of a type of ours that is not a service: the request records.
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var parameters = context.MethodInfo.GetParameters();
        var index = Array.FindIndex(parameters, parameter =>
            parameter.ParameterType.Assembly == typeof(RequestShapeFilter).Assembly && !services.IsService(parameter.ParameterType));
        if (index < 0)
            return next;
        var properties = parameters[index].ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => (Property: property, Name: JsonName(property), Nullability: Nullability.Create(property)))
            .ToList();
        return invocation =>
        {
            var body = invocation.Arguments[index] ?? throw new BadHttpRequestException("this call takes a JSON body; see /openapi/v1.json");
            foreach (var (property, name, nullability) in properties)
                if (Problem(property.GetValue(body), nullability) is { } problem)
                    throw new BadHttpRequestException($"{name}: {problem}");
            return next(invocation);
        };
    }

    private static string? Problem(object? value, NullabilityInfo declared) => value switch
    {
        null when declared.ReadState == NullabilityState.NotNull => "is required",
        string { Length: > MaxText } text => $"has {text.Length} characters; at most {MaxText} are accepted",
        ICollection { Count: > MaxItems } items => $"has {items.Count} items; at most {MaxItems} are accepted",
        IEnumerable items and not string when declared.GenericTypeArguments is [{ ReadState: NullabilityState.NotNull } item] =>
            items.Cast<object?>().Select((element, i) => Problem(element, item) is { } inner ? $"item {i} {inner}" : null)
                .FirstOrDefault(problem => problem is not null),
        _ => null,
    };

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
