using System.Globalization;

namespace Nexo;

/// <summary>
/// Reads <c>OLLAMA_HOST</c> the way Ollama does: <c>host</c>, <c>host:port</c> or <c>scheme://host[:port]</c>; without
/// a scheme the scheme is <c>http</c> and the port 11434, with <c>http://</c> or <c>https://</c> and no port the
/// scheme's own. A listening address (<c>0.0.0.0</c>, <c>::</c>) becomes the loopback address a client connects to.
/// </summary>
internal static class OllamaHost
{
    /// <summary>Ollama's own default address.</summary>
    public const string DefaultBaseUrl = "http://127.0.0.1:11434";

    /// <summary>The base URL for an <c>OLLAMA_HOST</c> value, or <see langword="null"/> when it is blank or unusable.</summary>
    public static string? Parse(string? value)
    {
        var text = value?.Trim().Trim('"', '\'').Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var scheme = "http";
        var defaultPort = 11434;
        var rest = text;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
            defaultPort = scheme == "https" ? 443 : 80;
        }

        if (scheme is not ("http" or "https"))
        {
            return null;
        }

        rest = rest.TrimEnd('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var path = slash < 0 ? string.Empty : rest[slash..];
        var hostPort = slash < 0 ? rest : rest[..slash];
        string host;
        var port = defaultPort;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = hostPort[1..close];
            port = Port(hostPort[(close + 1)..], defaultPort);
        }
        else if (hostPort.Count(c => c == ':') > 1)
        {
            host = hostPort; // a bare IPv6 address
        }
        else if (hostPort.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            host = hostPort[..colon];
            port = Port(hostPort[colon..], defaultPort);
        }
        else
        {
            host = hostPort;
        }

        host = host switch
        {
            "" or "0.0.0.0" => "127.0.0.1",
            "::" => "::1",
            _ => host,
        };
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        var url = $"{scheme}://{authority}:{port.ToString(CultureInfo.InvariantCulture)}{path}";
        return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : null;
    }

    /// <summary>The port after the colon; like Ollama, the default one when it is missing or not a port.</summary>
    private static int Port(string colonAndPort, int defaultPort) =>
        colonAndPort.Length > 1 && colonAndPort[0] == ':'
        && int.TryParse(colonAndPort.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : defaultPort;
}
