using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mouthpiece.Messages;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Requests;

/// <summary>
/// Holds every JSON body to the C# type it binds to. JSON lets a client leave a property out, set it to null, put
/// null in a list, or send a million items; the record's types say what may be null, and this filter refuses the
/// rest with a 400 naming the property, before a handler sees it. Added once, for every endpoint. Items of a list
/// are checked for null only: the request records hold lists of plain values.
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
            var body = invocation.Arguments[index] ?? throw new UploadRejectedException(StatusCodes.Status400BadRequest, Codes.Requests.BodyRequired());
            foreach (var (property, name, nullability) in properties)
                if (Problem(name, property.GetValue(body), nullability) is { } problem)
                    throw new UploadRejectedException(StatusCodes.Status400BadRequest, problem);
            return next(invocation);
        };
    }

    private static Message? Problem(string name, object? value, NullabilityInfo declared) => value switch
    {
        null when declared.ReadState == NullabilityState.NotNull => Codes.Requests.PropertyRequired(name),
        string { Length: > MaxText } text => Codes.Requests.TextTooLong(name, text.Length, MaxText),
        ICollection { Count: > MaxItems } items => Codes.Requests.TooManyItems(name, items.Count, MaxItems),
        IEnumerable items and not string when declared.GenericTypeArguments is [{ ReadState: NullabilityState.NotNull }] =>
            items.Cast<object?>().Select((item, i) => item is null ? Codes.Requests.ItemRequired(name, i) : null).FirstOrDefault(problem => problem is not null),
        _ => null,
    };

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
