using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo;

/// <summary>
/// OpenAI-compatible servers disagree on where a reasoning model's thinking goes: DeepSeek, vLLM and llama.cpp send
/// <c>reasoning_content</c>, which Microsoft.Extensions.AI.OpenAI reads; OpenRouter and Ollama's OpenAI-compatible
/// endpoint send <c>reasoning</c>, which it ignores. This renames a string <c>reasoning</c> of a choice's
/// <c>delta</c> or <c>message</c> to <c>reasoning_content</c> (unless that is present too), in a whole JSON body or in
/// each <c>data:</c> line of a Server-Sent Events stream.
/// </summary>
internal static class ReasoningFieldAlias
{
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes("\"reasoning\"");

    /// <summary>Whether the bytes may hold the field (a cheap test before parsing).</summary>
    public static bool MayContain(ReadOnlySpan<byte> utf8) => utf8.IndexOf(Marker) >= 0;

    /// <summary>The JSON with the field renamed, or <see langword="null"/> when nothing was renamed (or it is not JSON).</summary>
    public static string? Rewrite(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null; // not ours to judge: the SDK reports a malformed frame
        }

        if (root?["choices"] is not JsonArray choices)
        {
            return null;
        }

        var changed = false;
        foreach (var choice in choices.OfType<JsonObject>())
        {
            foreach (var part in new[] { "delta", "message" })
            {
                if (choice[part] is JsonObject holder
                    && holder["reasoning"] is JsonValue value
                    && value.TryGetValue<string>(out var text)
                    && !holder.ContainsKey("reasoning_content"))
                {
                    holder.Remove("reasoning");
                    holder["reasoning_content"] = text;
                    changed = true;
                }
            }
        }

        return changed ? root.ToJsonString() : null;
    }

    /// <summary>Wraps a Server-Sent Events body so that each <c>data:</c> line is rewritten as it passes.</summary>
    public static Stream WrapEventStream(Stream inner) => new EventStream(inner);

    /// <summary>Passes an event stream through line by line (SSE lines end with a newline, so nothing waits longer than its own line).</summary>
    private sealed class EventStream(Stream inner) : Stream
    {
        private readonly byte[] _readBuffer = new byte[8192];
        private readonly List<byte> _line = [];
        private readonly List<byte> _output = [];
        private int _outputRead;
        private bool _eof;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_outputRead == _output.Count && !_eof)
            {
                Process(inner.Read(_readBuffer, 0, _readBuffer.Length));
            }

            return Drain(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_outputRead == _output.Count && !_eof)
            {
                Process(await inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false));
            }

            return Drain(buffer.Span);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Process(int read)
        {
            if (read == 0)
            {
                _eof = true;
                EmitLine();
                return;
            }

            var rest = _readBuffer.AsSpan(0, read);
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _line.AddRange(rest);
                    return;
                }

                _line.AddRange(rest[..(newline + 1)]);
                EmitLine();
                rest = rest[(newline + 1)..];
            }
        }

        private void EmitLine()
        {
            if (_line.Count == 0)
            {
                return;
            }

            var bytes = _line.ToArray();
            _line.Clear();
            if (MayContain(bytes) && TryRewrite(bytes) is { } rewritten)
            {
                bytes = rewritten;
            }

            _output.AddRange(bytes);
        }

        private static byte[]? TryRewrite(byte[] line)
        {
            var text = Encoding.UTF8.GetString(line);
            var end = text.TrimEnd('\r', '\n');
            var newline = text[end.Length..];
            if (!end.StartsWith("data:", StringComparison.Ordinal))
            {
                return null;
            }

            var payload = end["data:".Length..].TrimStart();
            return Rewrite(payload) is { } json ? Encoding.UTF8.GetBytes("data: " + json + newline) : null;
        }

        private int Drain(Span<byte> buffer)
        {
            var available = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_output)[_outputRead..];
            var n = Math.Min(buffer.Length, available.Length);
            available[..n].CopyTo(buffer);
            _outputRead += n;
            if (_outputRead == _output.Count)
            {
                _output.Clear();
                _outputRead = 0;
            }

            return n;
        }
    }
}
