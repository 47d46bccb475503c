using System.Globalization;
using Npgsql;

namespace Mouthpiece.Distributed.Postgres;

/// <summary>
/// Turns what a person writes after <c>--store</c> into an Npgsql connection string: a URL
/// (<c>postgres://user:password@host:port/database?sslmode=require</c>) or a connection string as it is.
/// </summary>
public static class PostgresUrl
{
    public static bool IsPostgres(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || store.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="FormatException">The text is neither a PostgreSQL URL nor a connection string.</exception>
    public static string ToConnectionString(string store)
    {
        if (!Uri.TryCreate(store, UriKind.Absolute, out var url) || url.Scheme is not ("postgres" or "postgresql"))
            return Validated(store);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "mouthpiece",
        };
        if (url.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
            builder.Username = Uri.UnescapeDataString(user);
        if (url.UserInfo.Split(':', 2) is [_, var password])
            builder.Password = Uri.UnescapeDataString(password);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            try
            {
                builder[Uri.UnescapeDataString(key)] = Uri.UnescapeDataString(value);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"--store: unknown PostgreSQL setting '{key}' ({e.Message})", e);
            }
        }
        return builder.ConnectionString;
    }

    /// <summary>The URL with its password replaced, fit for logs and screens.</summary>
    public static string Redacted(string store)
    {
        var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(store));
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string Validated(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--store: expected postgres://user:password@host:port/database, got '{connectionString}' ({e.Message})", e);
        }
    }
}
