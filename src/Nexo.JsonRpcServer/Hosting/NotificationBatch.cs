using System.Buffers;
using System.Globalization;
using System.Text.Json;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Notifications already serialised and framed by the event pump, handed to <see cref="FramedMessageHandler"/> as one
/// message so that a burst of chunks costs one write and one flush instead of one per notification.
/// </summary>
/// <remarks>
/// Each notification is written exactly as StreamJsonRpc's <c>SystemTextJsonFormatter</c> writes one
/// (<c>{"jsonrpc":"2.0","method":…,"params":…}</c>, a <see cref="Utf8JsonWriter"/> with default options, the params
/// serialised with <see cref="NexoJson.Options"/>), so the bytes on the wire are the same as before batching.
/// </remarks>
internal sealed class NotificationBatch : JsonRpcMessage
{
    /// <summary>A batch that grew past this (one huge notification) gives its buffers back when cleared.</summary>
    private const int KeptCapacity = 256 * 1024;

    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly MessageFraming _framing;
    private ArrayBufferWriter<byte> _body = new(1024);
    private ArrayBufferWriter<byte> _frames = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    private static ReadOnlySpan<byte> HeaderPrefix => "Content-Length: "u8;

    /// <summary>An empty batch framed for <paramref name="framing"/>.</summary>
    /// <param name="framing">The connection's framing.</param>
    public NotificationBatch(MessageFraming framing)
    {
        _framing = framing;
        _writer = new Utf8JsonWriter(_body, default);
    }

    /// <summary>How many notifications the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>The framed bytes so far.</summary>
    public int Length => _frames.WrittenCount;

    /// <summary>The framed notifications, ready to be written as they are.</summary>
    public ReadOnlyMemory<byte> Frames => _frames.WrittenMemory;

    /// <summary>Serialises and frames one notification.</summary>
    /// <param name="method">The notification method.</param>
    /// <param name="payload">Its params object.</param>
    public void Add(string method, object payload)
    {
        _body.ResetWrittenCount();
        _writer.Reset(_body);
        _writer.WriteStartObject();
        _writer.WriteString("jsonrpc"u8, "2.0"u8);
        _writer.WriteString("method"u8, method);
        _writer.WritePropertyName("params"u8);
        JsonSerializer.Serialize(_writer, payload, payload.GetType(), NexoJson.Options);
        _writer.WriteEndObject();
        _writer.Flush();

        if (_framing == MessageFraming.Header)
        {
            var header = _frames.GetSpan(HeaderPrefix.Length + 11 + 4);
            HeaderPrefix.CopyTo(header);
            var length = HeaderPrefix.Length;
            _body.WrittenCount.TryFormat(header[length..], out var digits, default, CultureInfo.InvariantCulture);
            length += digits;
            "\r\n\r\n"u8.CopyTo(header[length..]);
            _frames.Advance(length + 4);
            _frames.Write(_body.WrittenSpan);
        }
        else
        {
            _frames.Write(_body.WrittenSpan);
            _frames.Write(NewLine);
        }

        Count++;
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        if (_frames.Capacity > KeptCapacity || _body.Capacity > KeptCapacity)
        {
            _frames = new ArrayBufferWriter<byte>(64 * 1024);
            _body = new ArrayBufferWriter<byte>(1024);
        }

        _frames.ResetWrittenCount();
        Count = 0;
    }
}
