using System.Text;

namespace Nexo;

/// <summary>
/// Passes a streamed response body through unchanged, except that a line starting like an error frame
/// (<c>data: {"error"</c> for Server-Sent Events, <c>{"error"</c> for NDJSON) is held back until it ends and then
/// raised as <see cref="LlmStreamErrorException"/> instead of reaching the SDK's parser.
/// </summary>
internal sealed class StreamErrorDetectingStream : Stream
{
    private const int MaxErrorLineBytes = 64 * 1024;
    private static readonly byte[][] SsePrefixes = [Encoding.UTF8.GetBytes("data: {\"error\""), Encoding.UTF8.GetBytes("data:{\"error\"")];
    private static readonly byte[][] NdjsonPrefixes = [Encoding.UTF8.GetBytes("{\"error\"")];

    private readonly Stream _inner;
    private readonly byte[][] _prefixes;
    private readonly byte[] _readBuffer = new byte[8192];
    private readonly Queue<byte> _output = new();
    private readonly List<byte> _candidate = [];
    private bool _atLineStart = true;
    private bool _inCandidate;
    private bool _isErrorLine;
    private bool _eof;

    public StreamErrorDetectingStream(Stream inner, bool serverSentEvents)
    {
        _inner = inner;
        _prefixes = serverSentEvents ? SsePrefixes : NdjsonPrefixes;
    }

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
        while (_output.Count == 0 && !_eof)
        {
            var read = _inner.Read(_readBuffer, 0, _readBuffer.Length);
            Process(read);
        }

        return Drain(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_output.Count == 0 && !_eof)
        {
            var read = await _inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            Process(read);
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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Drain(Span<byte> buffer)
    {
        var n = 0;
        while (n < buffer.Length && _output.TryDequeue(out var b))
        {
            buffer[n++] = b;
        }

        return n;
    }

    private void Process(int read)
    {
        if (read == 0)
        {
            _eof = true;
            if (_isErrorLine)
            {
                Raise();
            }

            FlushCandidate();
            return;
        }

        for (var i = 0; i < read; i++)
        {
            Feed(_readBuffer[i]);
        }
    }

    private void Feed(byte b)
    {
        if (_atLineStart)
        {
            _atLineStart = false;
            _inCandidate = true;
        }

        if (!_inCandidate)
        {
            _output.Enqueue(b);
            _atLineStart = b == (byte)'\n';
            return;
        }

        if (b == (byte)'\n')
        {
            if (_isErrorLine)
            {
                Raise();
            }

            _candidate.Add(b);
            FlushCandidate();
            _atLineStart = true;
            return;
        }

        _candidate.Add(b);
        if (_isErrorLine)
        {
            if (_candidate.Count > MaxErrorLineBytes)
            {
                Raise();
            }

            return;
        }

        var matchesAny = false;
        foreach (var prefix in _prefixes)
        {
            if (StartsLike(prefix))
            {
                matchesAny = true;
                _isErrorLine |= _candidate.Count >= prefix.Length;
            }
        }

        if (!matchesAny)
        {
            FlushCandidate();
        }
    }

    private bool StartsLike(byte[] prefix)
    {
        var n = Math.Min(prefix.Length, _candidate.Count);
        for (var i = 0; i < n; i++)
        {
            if (_candidate[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private void FlushCandidate()
    {
        foreach (var b in _candidate)
        {
            _output.Enqueue(b);
        }

        _candidate.Clear();
        _inCandidate = false;
        _isErrorLine = false;
    }

    private void Raise()
    {
        var line = Encoding.UTF8.GetString(_candidate.ToArray()).Trim();
        if (line.StartsWith("data:", StringComparison.Ordinal))
        {
            line = line["data:".Length..].Trim();
        }

        throw new LlmStreamErrorException(ProviderErrorBody.Parse(line));
    }
}
