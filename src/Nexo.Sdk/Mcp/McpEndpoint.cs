using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nexo;

/// <summary>Everything needed to open a connection to an MCP server, secrets included. Lives in memory only.</summary>
internal sealed record McpEndpoint
{
    public required string Name { get; init; }

    /// <summary>The saved server's id (OAuth tokens are stored under it); <see langword="null"/> for a configuration being tested.</summary>
    public string? ServerId { get; init; }

    /// <summary>For HTTP: the OAuth settings with the real client secret, or <see langword="null"/> when the server does not use OAuth.</summary>
    public McpOAuthSettings? OAuth { get; init; }

    public required McpTransportKind Transport { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> InheritEnv { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>Bumped when the server's OAuth tokens are deleted: a live connection holding them is replaced.</summary>
    public int AuthorizationGeneration { get; init; }

    public static McpEndpoint From(McpServer server, McpServerSecrets secrets) => new()
    {
        Name = server.Name,
        ServerId = server.Id,
        OAuth = server.Transport == McpTransportKind.Stdio || server.OAuth is null ? null : server.OAuth with { ClientSecret = secrets.OAuthClientSecret },
        Transport = server.Transport,
        Command = server.Command,
        Args = secrets.Args ?? server.Args,
        Env = secrets.Env,
        InheritEnv = server.InheritEnv,
        WorkingDirectory = server.WorkingDirectory,
        Url = secrets.Url ?? server.Url,
        Headers = secrets.Headers,
        TimeoutSeconds = server.TimeoutSeconds,
    };

    /// <summary>Checks an unsaved configuration the way <see cref="McpServerService"/> checks a saved one.</summary>
    public static McpEndpoint From(NewMcpServer config)
    {
        var endpoint = new McpEndpoint
        {
            Name = Validate.Name(config.Name),
            Transport = config.Transport,
            Command = Validate.Optional(config.Command),
            Args = config.Args ?? [],
            Env = config.Env ?? new Dictionary<string, string>(),
            InheritEnv = McpServerService.ValidateEnvNames(config.InheritEnv),
            WorkingDirectory = Validate.Optional(config.WorkingDirectory),
            Headers = Validate.Headers(config.Headers, "headers"),
            TimeoutSeconds = Validate.Range(config.TimeoutSeconds, 1, 3600, "timeoutSeconds"),
        };
        if (endpoint.Transport == McpTransportKind.Stdio)
        {
            return endpoint.Command is null ? throw NexoException.Validation("command", "A stdio MCP server needs a command to start.") : endpoint;
        }

        if (config.OAuth is not null)
        {
            throw NexoException.Validation("oauth", "An OAuth-protected MCP server must be saved first (its tokens are stored with it): add it, then connect or authorize it by its id.");
        }

        return endpoint with { Url = Validate.HttpUrl(config.Url, "url") };
    }

    /// <summary>A hash of what a live connection depends on: when it changes, the connection is replaced.</summary>
    public string Fingerprint()
    {
        // The bytes JsonSerializer wrote for [transport, command, args, env pairs, inheritEnv, cwd, url, header pairs]
        // with the default options, written by hand (no reflection; the hash stays the same).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Transport.ToString());
            writer.WriteStringValue(Command);
            WriteStrings(writer, Args);
            WritePairs(writer, Env.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            WriteStrings(writer, InheritEnv);
            writer.WriteStringValue(WorkingDirectory);
            writer.WriteStringValue(Url);
            WritePairs(writer, Headers.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase));
            if (OAuth is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteStringValue(OAuth.ClientId);
                writer.WriteStringValue(OAuth.ClientSecret);
                WriteStrings(writer, OAuth.Scopes);
                writer.WriteNumberValue(AuthorizationGeneration);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan));

        static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string>? values)
        {
            if (values is null)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        static void WritePairs(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string>> pairs)
        {
            writer.WriteStartArray();
            foreach (var (key, value) in pairs)
            {
                writer.WriteStartObject();
                writer.WriteString("Key", key);
                writer.WriteString("Value", value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// The program and arguments to start. A command line stored whole in <see cref="Command"/> with no
    /// <see cref="Args"/> (as the original Nexo stored it, e.g. <c>npx -y some-server /tmp</c>) is split like a shell would.
    /// </summary>
    public (string Command, IReadOnlyList<string> Args) CommandLine()
    {
        var command = Command ?? throw new InvalidOperationException("No command.");
        if (Args.Count > 0 || !command.Any(char.IsWhiteSpace) || File.Exists(command))
        {
            return (command, Args);
        }

        var words = SplitCommandLine(command);
        return words.Count == 0 ? (command, Args) : (words[0], words.Skip(1).ToList());
    }

    private static List<string> SplitCommandLine(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
                inWord = true;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
