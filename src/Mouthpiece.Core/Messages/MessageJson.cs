using System.Text.Json;

namespace Mouthpiece.Messages;

/// <summary>
/// A message as stores keep it: the code in one column, the parameters as a JSON object in another (null
/// when there are none). A parameter that is itself a message is an object with <c>code</c> and <c>params</c>,
/// the same shape the API sends.
/// </summary>
public static class MessageJson
{
    public static string? WriteParams(Message message)
    {
        if (message.Params.Count == 0)
            return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteParams(writer, message);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Message Read(string code, string? paramsJson)
    {
        if (string.IsNullOrEmpty(paramsJson))
            return new Message(code);
        using var document = JsonDocument.Parse(paramsJson);
        return new Message(code, ReadParams(document.RootElement));
    }

    private static void WriteParams(Utf8JsonWriter writer, Message message)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in message.Params)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case Message nested:
                    writer.WriteStartObject();
                    writer.WriteString("code", nested.Code);
                    writer.WritePropertyName("params");
                    WriteParams(writer, nested);
                    writer.WriteEndObject();
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case double number:
                    writer.WriteNumberValue(number);
                    break;
                default:
                    writer.WriteStringValue((string)value);
                    break;
            }
        }
        writer.WriteEndObject();
    }

    private static Dictionary<string, object> ReadParams(JsonElement json)
    {
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
            parameters[property.Name] = ReadValue(property.Value);
        return parameters;
    }

    private static object ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new Message(value.GetProperty("code").GetString()!, ReadParams(value.GetProperty("params"))),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? (object)whole : value.GetDouble(),
        _ => value.ToString(),
    };
}
