using System.Data.Common;
using System.Text.RegularExpressions;

namespace Nexo;

/// <summary>
/// Where a face's store is, as written after <c>--db</c> or in <c>NEXO_DB</c>: a file path means a SQLite database; a
/// <c>postgres://</c> or <c>postgresql://</c> URI, or an Npgsql connection string (<c>Host=…;Database=…</c>), means
/// PostgreSQL (the Nexo.Sdk.PostgreSql package opens it); any other <c>scheme://</c> is refused. Every face (the CLI,
/// <c>nexo-jsonrpc</c>, the ACP agent) parses its <c>--db</c> here.
/// </summary>
public sealed partial class NexoStoreLocation
{
    /// <summary>The environment variable naming the store when no <c>--db</c> is given.</summary>
    public const string EnvironmentVariable = "NEXO_DB";

    private static readonly Dictionary<string, string> s_uriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["host"] = "Host",
        ["port"] = "Port",
    };

    private NexoStoreLocation(string? databasePath, string? connectionString, string display)
    {
        DatabasePath = databasePath;
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The full path of the SQLite database file; <see langword="null"/> for PostgreSQL.</summary>
    public string? DatabasePath { get; }

    /// <summary>The Npgsql connection string of a PostgreSQL store; <see langword="null"/> for SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>Whether the store is PostgreSQL.</summary>
    public bool IsPostgres => ConnectionString is not null;

    /// <summary>The store for messages: the file path, or <c>postgresql://host/database</c> without user or password.</summary>
    public string Display { get; }

    /// <inheritdoc />
    public override string ToString() => Display;

    /// <summary>
    /// The store a face opens: <paramref name="value"/> (its <c>--db</c>) when given, else <c>NEXO_DB</c>, else the default
    /// SQLite file (<see cref="NexoPaths.DefaultDatabasePath"/>).
    /// </summary>
    /// <param name="value">The <c>--db</c> value, or <see langword="null"/>.</param>
    /// <exception cref="NexoException">Validation for an unsupported <c>scheme://</c> or a PostgreSQL URI or connection string that cannot be read.</exception>
    public static NexoStoreLocation Resolve(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        return string.IsNullOrWhiteSpace(value) ? Parse(NexoPaths.DefaultDatabasePath) : Parse(value);
    }

    /// <summary>Reads a store location: a file path, a <c>postgres://</c> / <c>postgresql://</c> URI or an Npgsql connection string.</summary>
    /// <param name="value">The text after <c>--db</c>.</param>
    /// <exception cref="NexoException">Validation when it is empty, names an unsupported <c>scheme://</c>, or is a PostgreSQL URI without a host or with a bad port.</exception>
    public static NexoStoreLocation Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw NexoException.Validation("db", "The database must not be empty: give a file path, a postgres:// URI or a PostgreSQL connection string.");
        }

        value = value.Trim();
        if (SchemeRegex().Match(value) is { Success: true } scheme)
        {
            var name = scheme.Groups[1].Value;
            if (!name.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !name.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
            {
                throw NexoException.Validation("db", $"Unsupported database '{name}://…': give a file path (SQLite), a postgres:// or postgresql:// URI, or a PostgreSQL connection string (Host=…;Database=…).");
            }

            return FromUri(value[scheme.Length..]);
        }

        if (value.Contains('=', StringComparison.Ordinal) && TryConnectionString(value) is { } location)
        {
            return location;
        }

        var path = Path.GetFullPath(value);
        return new NexoStoreLocation(path, null, path);
    }

    private static NexoStoreLocation? TryConnectionString(string value)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var host = Get(builder, "Host") ?? Get(builder, "Server");
        if (host is null)
        {
            return null;
        }

        return new NexoStoreLocation(null, builder.ConnectionString, DisplayOf(host, Get(builder, "Port"), Get(builder, "Database") ?? Get(builder, "DB")));
    }

    private static NexoStoreLocation FromUri(string rest)
    {
        // postgresql://[user[:password]@][host][:port][,host2[:port2]…][/database][?name=value&…]
        var builder = new DbConnectionStringBuilder();
        var query = string.Empty;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var database = string.Empty;
        if (rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            database = Decode(rest[(slash + 1)..]);
            rest = rest[..slash];
        }

        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Decode(colon >= 0 ? userInfo[..colon] : userInfo);
            if (user.Length > 0)
            {
                builder["Username"] = user;
            }

            if (colon >= 0)
            {
                builder["Password"] = Decode(userInfo[(colon + 1)..]);
            }
        }

        var hosts = rest.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToList();
        if (hosts.Count == 1)
        {
            var (host, port) = SplitHostPort(hosts[0]);
            if (host.Length > 0)
            {
                builder["Host"] = host;
            }

            if (port is not null)
            {
                builder["Port"] = port;
            }
        }
        else if (hosts.Count > 1)
        {
            foreach (var h in hosts)
            {
                _ = SplitHostPort(h);
            }

            builder["Host"] = string.Join(',', hosts);
        }

        if (database.Length > 0)
        {
            builder["Database"] = database;
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq >= 0 ? pair[..eq] : pair);
            var parameter = eq >= 0 ? Decode(pair[(eq + 1)..]) : string.Empty;
            builder[s_uriParameters.TryGetValue(name, out var keyword) ? keyword : name] = parameter;
        }

        if (Get(builder, "Host") is not { Length: > 0 } hostText)
        {
            throw NexoException.Validation("db", "The PostgreSQL URI names no host: write postgres://user:password@host:port/database (or ?host=/path/to/socket/folder).");
        }

        return new NexoStoreLocation(null, builder.ConnectionString, DisplayOf(hostText, Get(builder, "Port"), Get(builder, "Database")));
    }

    private static (string Host, string? Port) SplitHostPort(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw NexoException.Validation("db", $"The PostgreSQL URI's host '{hostPort}' has no closing ']'.");
            }

            host = hostPort[1..close];
            if (close + 1 < hostPort.Length)
            {
                port = hostPort[(close + 1)..].TrimStart(':');
            }
        }
        else if (hostPort.LastIndexOf(':') is var colon and >= 0)
        {
            host = hostPort[..colon];
            port = hostPort[(colon + 1)..];
        }
        else
        {
            host = hostPort;
        }

        if (port is not null && (!ushort.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number == 0))
        {
            throw NexoException.Validation("db", $"The PostgreSQL URI's port '{port}' is not a port number (1 to 65535).");
        }

        return (host, port);
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw NexoException.Validation("db", "The PostgreSQL URI holds a bad percent-escape.");
        }
    }

    private static string? Get(DbConnectionStringBuilder builder, string key) =>
        builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

    private static string DisplayOf(string host, string? port, string? database) =>
        $"postgresql://{(host.Contains(':', StringComparison.Ordinal) && !host.Contains(',', StringComparison.Ordinal) ? "[" + host + "]" : host)}{(port is null ? string.Empty : ":" + port)}/{database}";

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*)://")]
    private static partial Regex SchemeRegex();
}
