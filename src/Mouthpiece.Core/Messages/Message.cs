namespace Mouthpiece.Messages;

/// <summary>
/// What the product tells a person (a stage, a policy breach, a refusal, an error) as a stable code and
/// named parameters, never as a sentence: it is stored and sent this way, and each reader gets it worded
/// in their language from the <see cref="Catalog"/>. Made by the factories in <see cref="Codes"/>, so every
/// code has its texts (the catalog test checks). Parameter values are strings, numbers or other messages.
/// </summary>
public sealed class Message : IEquatable<Message>
{
    private static readonly IReadOnlyDictionary<string, object> NoParams = new Dictionary<string, object>();

    internal Message(string code, params (string Name, object Value)[] parameters)
    {
        Code = code;
        Params = parameters.Length == 0 ? NoParams : parameters.ToDictionary(p => p.Name, p => Check(p.Value), StringComparer.Ordinal);
    }

    internal Message(string code, IReadOnlyDictionary<string, object> parameters)
    {
        Code = code;
        Params = parameters;
    }

    /// <summary>Dotted and stable, e.g. <c>input.no_face</c>: screens, stores and clients key on it.</summary>
    public string Code { get; }

    public IReadOnlyDictionary<string, object> Params { get; }

    /// <summary>The English text, for logs, exception messages and tests.</summary>
    public override string ToString() => Catalog.English.Format(this);

    public bool Equals(Message? other) =>
        other is not null && other.Code == Code && other.Params.Count == Params.Count
        && Params.All(pair => other.Params.TryGetValue(pair.Key, out var value) && Equals(value, pair.Value));

    public override bool Equals(object? obj) => Equals(obj as Message);

    public override int GetHashCode() => HashCode.Combine(Code, Params.Count);

    public static bool operator ==(Message? left, Message? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(Message? left, Message? right) => !(left == right);

    private static object Check(object value) => value switch
    {
        int number => (long)number,
        // Whole numbers read back from JSON as integers; keeping them so makes a stored message equal the original.
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e15 => (long)number,
        string or long or double or Message => value,
        _ => throw new ArgumentException($"a message parameter is a string, a number or a message, not {value.GetType().Name}", nameof(value)),
    };
}
