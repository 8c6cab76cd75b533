using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nexo.Security;

/// <summary>
/// Removes secrets from texts that are stored, logged, emitted or sent to the model (an MCP server's error output, a
/// failure message): every known secret value (configured env and header values, API keys) and, in any URL in the
/// text, the userinfo (<c>https://user:pass@host</c>) and the values of query parameters whose names look like
/// credentials (<c>key</c>, <c>api_key</c>, <c>token</c>, <c>access_token</c>, <c>secret</c>, <c>password</c>, …).
/// Each is replaced with <see cref="Mask"/>.
/// </summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// Values shorter than this are not redacted by value (a one-letter env value would blank out every such letter);
    /// they still go when they sit in a URL's userinfo or a key-like query parameter.
    /// </summary>
    public const int MinimumLength = 4;

    /// <summary>
    /// Values shorter than this are left in a successful tool result: its text is the tool's own answer, where a short
    /// configured value (a port, a region, <c>true</c>) is far more likely ordinary content than a leaked secret.
    /// </summary>
    public const int MinimumResultLength = 8;

    private readonly string[] _values;

    /// <summary>Creates a redactor for the given secret values (null, empty and short values are ignored).</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            if (string.IsNullOrWhiteSpace(secret))
            {
                continue;
            }

            var value = secret.Trim();
            Add(values, value);

            // "Bearer abc…", "Basic abc…": the credential alone can appear in a text too.
            var space = value.LastIndexOf(' ');
            if (space > 0)
            {
                Add(values, value[(space + 1)..]);
            }

            // Secrets inside a URL (a key in the query, a password in the userinfo) are known values as well.
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.IsAbsoluteUri)
            {
                foreach (Match m in CredentialQuery().Matches(value))
                {
                    Add(values, Uri.UnescapeDataString(m.Groups["value"].Value));
                }

                if (UserInfo().Match(value) is { Success: true } userInfo)
                {
                    Add(values, userInfo.Groups["password"].Value);
                }
            }
        }

        // Longest first, so a secret that contains another is removed whole.
        _values = values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A redactor with no known values (it still removes URL userinfo and key-like query values).</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>A redactor for an MCP server: its env and header values, and the secret parts of its URL and arguments.</summary>
    public static SecretRedactor For(McpEndpoint endpoint) =>
        new(endpoint.Env.Values
            .Concat(endpoint.Headers.Values)
            .Append(endpoint.Url)
            .Concat(endpoint.Args.Where(a => a.Contains("://", StringComparison.Ordinal)))
            .Concat(SecretArgs.Secrets(endpoint.Args))
            .Concat(SecretArgs.Secrets(endpoint.Url))
            .Append(endpoint.OAuth?.ClientSecret));

    /// <summary>
    /// A redactor for an LLM connection: its API key, its header values and the secret parts of its base URL (userinfo,
    /// key-like query values). A provider may echo any of them in an error ("Incorrect API key provided: sk-…").
    /// </summary>
    public static SecretRedactor For(LlmConnection connection, LlmConnectionSecrets secrets) =>
        new(secrets.Headers.Values.Append(secrets.ApiKey).Append(connection.BaseUrl));

    /// <summary>
    /// The error with its message and its text details redacted. Its inner exception (the provider SDK's, whose message
    /// may quote the provider's answer) is kept only when no message along it holds a secret.
    /// </summary>
    public NexoException RedactError(NexoException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var details = error.Details.ToDictionary(kv => kv.Key, kv => kv.Value is string text ? Redact(text) : kv.Value, StringComparer.Ordinal);
        var message = Redact(error.Message)!;
        var leaks = false;
        for (var e = error.InnerException; e is not null && !leaks; e = e.InnerException)
        {
            leaks = Redact(e.Message) != e.Message;
        }

        if (message == error.Message && !leaks && details.All(kv => Equals(kv.Value, error.Details[kv.Key])))
        {
            return error;
        }

        return new NexoException(error.Kind, message, leaks ? null : error.InnerException) { Details = details };
    }

    /// <summary>Returns <paramref name="text"/> without the secrets; <see langword="null"/> stays <see langword="null"/>.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        text = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        return CredentialQuery().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
    }

    /// <summary>
    /// Returns <paramref name="text"/> with only the known secret values of at least <see cref="MinimumResultLength"/>
    /// characters replaced: no URL rewriting, so a tool's own answer keeps its links.
    /// </summary>
    public string? RedactKnownValues(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var value in _values)
        {
            if (value.Length >= MinimumResultLength)
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// A tool result fit to store and send to the model: a failure's texts fully redacted (<see cref="Redact(string?)"/>);
    /// a success's texts, resource names and URIs and the strings of its structured content without the known secret
    /// values (<see cref="RedactKnownValues(string?)"/>), for a tool that prints its own configuration.
    /// </summary>
    public McpToolResult RedactResult(McpToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsError)
        {
            return result with
            {
                Text = Redact(result.Text) ?? string.Empty,
                Content = result.Content.Select(c => c with { Text = Redact(c.Text) }).ToList(),
                StructuredContent = result.StructuredContent is { } kept ? RedactKnownValues(kept) : null,
                OutputSchemaError = Redact(result.OutputSchemaError),
            };
        }

        if (!_values.Any(v => v.Length >= MinimumResultLength))
        {
            return result;
        }

        return result with
        {
            Text = RedactKnownValues(result.Text) ?? string.Empty,
            Content = result.Content.Select(c => c with { Text = RedactKnownValues(c.Text), Uri = RedactKnownValues(c.Uri), Name = RedactKnownValues(c.Name) }).ToList(),
            StructuredContent = result.StructuredContent is { } structured ? RedactKnownValues(structured) : null,
        };
    }

    private JsonElement RedactKnownValues(JsonElement element)
    {
        var node = RedactNode(JsonNode.Parse(element.GetRawText()));
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }

    /// <summary>Redacts the strings of a JSON tree in place; returns the node to put where a string changed.</summary>
    private JsonNode? RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (RedactNode(child) is var replaced && !ReferenceEquals(replaced, child))
                    {
                        obj[key] = replaced;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    if (RedactNode(child) is var replaced && !ReferenceEquals(replaced, child))
                    {
                        array[i] = replaced;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var redacted = RedactKnownValues(text);
                return redacted == text ? value : JsonValue.Create(redacted);
            default:
                return node;
        }
    }

    private static void Add(HashSet<string> values, string value)
    {
        if (value.Length >= MinimumLength && value != Mask)
        {
            values.Add(value);
        }
    }

    // scheme://user:password@ or scheme://token@ (the whole userinfo goes).
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?<user>[^\s/?#@:]*)(:(?<password>[^\s/?#@]*))?@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    // ?api_key=…, &token=…, ;access_token=… — names that end in key, token, secret, password, signature, auth, credential(s).
    [GeneratedRegex(
        @"(?<=[?&;])(?<name>[a-zA-Z0-9_\-.]*(key|token|secret|password|passwd|pwd|signature|sig|auth|credential|credentials|session))=(?<value>[^&#\s""'<>|;]+)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CredentialQuery();
}
