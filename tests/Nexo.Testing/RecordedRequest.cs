using System.Text.Json.Nodes;

namespace Nexo.Testing;

/// <summary>A request a fake server received.</summary>
public sealed class RecordedRequest
{
    private readonly Lazy<JsonNode?> _json;

    /// <summary>Creates a record.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path with the query string.</param>
    /// <param name="headers">The headers (names case-insensitive; repeated values joined with <c>, </c>).</param>
    /// <param name="body">The body text.</param>
    public RecordedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        _json = new Lazy<JsonNode?>(() =>
        {
            try
            {
                return string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        });
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path with the query string, for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The headers; names are case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body text.</summary>
    public string Body { get; }

    /// <summary>The body parsed as JSON, or <see langword="null"/> when it is empty or not JSON.</summary>
    public JsonNode? Json => _json.Value;

    /// <summary>The <c>model</c> field of the body.</summary>
    public string? Model => Json?["model"]?.GetValue<string>();

    /// <summary>Whether the body asked for a stream.</summary>
    public bool? Stream => Json?["stream"]?.GetValue<bool>();

    /// <summary>A header value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path} {Body}";
}
