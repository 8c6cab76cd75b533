namespace Nexo.JsonRpcServer.Hosting;

/// <summary>How JSON-RPC messages are delimited on the byte stream.</summary>
public enum MessageFraming
{
    /// <summary>LSP-style <c>Content-Length: N</c> headers, a blank line, then N bytes of UTF-8 JSON (what vscode-jsonrpc speaks).</summary>
    Header,

    /// <summary>One JSON message per line (scripts, ACP-style clients).</summary>
    Newline,
}
