using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// The message handler of the host: header or newline framing over plain streams, a size limit per frame, and a
/// <see cref="MessageGate"/> in front of StreamJsonRpc so that a bad frame is answered with an error and never
/// ends the connection. Writes are serialised by <see cref="MessageHandlerBase"/>.
/// </summary>
internal sealed class FramedMessageHandler : MessageHandlerBase
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly Task Never = new TaskCompletionSource().Task;
    private readonly FrameReader _reader;
    private readonly Stream _output;
    private readonly MessageFraming _framing;
    private readonly MessageGate _gate;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly ConcurrentDictionary<RequestId, string> _outstanding = new();
    private readonly CancellationTokenSource _inputEnded = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StallWatchStream? _watch;

    /// <summary>Frames messages over <paramref name="input"/> and <paramref name="output"/>.</summary>
    /// <param name="input">The client's messages.</param>
    /// <param name="output">Messages to the client.</param>
    /// <param name="framing">Header or newline framing.</param>
    /// <param name="maxFrameBytes">The largest frame read; a larger one is skipped and answered.</param>
    /// <param name="formatter">The JSON-RPC formatter.</param>
    /// <param name="gate">Checks each frame before StreamJsonRpc sees it.</param>
    /// <param name="logger">The log.</param>
    /// <param name="stallTimeout">How long one write may wait for the client before it counts as stalled; infinite never.</param>
    public FramedMessageHandler(Stream input, Stream output, MessageFraming framing, int maxFrameBytes, IJsonRpcMessageFormatter formatter, MessageGate gate, ILogger logger, TimeSpan stallTimeout)
        : base(formatter)
    {
        _reader = new FrameReader(input, framing, maxFrameBytes);
        _watch = stallTimeout == Timeout.InfiniteTimeSpan ? null : new StallWatchStream(output, stallTimeout);
        _output = new BufferedStream(_watch ?? output, 64 * 1024);
        _framing = framing;
        _gate = gate;
        _logger = logger;
    }

    /// <summary>How messages are delimited on this connection.</summary>
    public MessageFraming Framing => _framing;

    /// <summary>
    /// Cancelled when the input ends. Running requests are cancelled then; the handler reports the end of the
    /// stream to StreamJsonRpc only after every request it passed on has been answered.
    /// </summary>
    public CancellationToken InputEnded => _inputEnded.Token;

    /// <summary>
    /// Completes when the client has not read for the stall timeout: from then on everything written to it is
    /// discarded, and the end of its input no longer cancels running requests (they finish and are stored).
    /// </summary>
    public Task ClientStalled => _watch?.Stalled ?? Never;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (frame is not { } f)
            {
                if (_watch?.IsStalled != true)
                {
                    await _inputEnded.CancelAsync().ConfigureAwait(false);
                }

                if (_outstanding.IsEmpty)
                {
                    _drained.TrySetResult();
                }

                await _drained.Task.ConfigureAwait(false);
                return null;
            }

            if (f.Body is null)
            {
                _logger.LogWarning("Skipped a frame: {Problem}", f.Problem);
                await ReplyAsync(
                    new GateVerdict(RequestIdProbe.Find(f.Prefix), RpcErrorCodes.InvalidRequest, f.Problem, RpcErrorData.Of(NexoErrorKind.Validation, ("length", f.SkippedLength))),
                    cancellationToken).ConfigureAwait(false);
                continue;
            }

            var verdict = _gate.Inspect(f.Body);
            if (!verdict.Pass)
            {
                _logger.LogDebug("Refused a message ({Code}): {Message}", verdict.Code, verdict.Message);
                await ReplyAsync(verdict, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                var message = Formatter.Deserialize(new ReadOnlySequence<byte>(f.Body));
                if (message is JsonRpcRequest { IsResponseExpected: true } request)
                {
                    _outstanding.TryAdd(request.RequestId, request.Method ?? string.Empty);
                }

                return message;
            }
#pragma warning disable CA1031 // Whatever the formatter rejects is answered, never fatal.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogDebug(ex, "The formatter rejected a message");
                await ReplyAsync(
                    GateVerdict.Reject(verdict.Id.IsEmpty ? RequestId.Null : verdict.Id, RpcErrorCodes.InvalidRequest, $"Invalid request: {ex.Message}", RpcErrorData.Of(NexoErrorKind.Validation)),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        if (content is NotificationBatch batch)
        {
            // Serialised and framed by the event pump: one write (and one flush) for the whole burst.
            await _output.WriteAsync(batch.Frames, cancellationToken).ConfigureAwait(false);
            return;
        }

        var answered = content switch
        {
            JsonRpcResult result => result.RequestId,
            JsonRpcError error => error.RequestId,
            _ => RequestId.NotSpecified,
        };
        if (content is JsonRpcError { Error: { Data: null } detail })
        {
            // Errors StreamJsonRpc answers itself (unknown method, cancelled request) get the same shape as every other error.
            var method = _outstanding.TryGetValue(answered, out var m) ? m : null;
            var cancelled = detail.Code == JsonRpcErrorCode.RequestCanceled;
            if (cancelled)
            {
                detail.Message = $"The request '{method}' was cancelled.";
            }

            detail.Data = RpcErrorData.Of(cancelled ? NexoErrorKind.Cancelled : NexoErrorKind.Validation, ("method", method));
        }

        _body.ResetWrittenCount();
        Formatter.Serialize(_body, content);
        if (_framing == MessageFraming.Header)
        {
            var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {_body.WrittenCount}\r\n\r\n"));
            await _output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(_body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _output.WriteAsync(_body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
        }

        if (!answered.IsEmpty && _outstanding.TryRemove(answered, out _) && _outstanding.IsEmpty && _inputEnded.IsCancellationRequested)
        {
            _drained.TrySetResult();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inputEnded.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => new(_output.FlushAsync(cancellationToken));

    private async ValueTask ReplyAsync(GateVerdict verdict, CancellationToken cancellationToken)
    {
        // Notifications get no answer; unreadable messages are answered with id null (JSON-RPC 2.0 §5).
        if (verdict.Id.IsEmpty)
        {
            return;
        }

        var error = new JsonRpcError
        {
            RequestId = verdict.Id,
            Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)verdict.Code, Message = verdict.Message ?? "Invalid request.", Data = verdict.Data },
        };
        await WriteAsync(error, cancellationToken).ConfigureAwait(false);
    }
}
