using System.Runtime.InteropServices;

namespace Nexo;

/// <summary>
/// A read-only stream that passes another stream's bytes through a filter as they arrive: the subclass sees each chunk
/// read (<see cref="Process"/>) and the end (<see cref="Complete"/>), and <see cref="Emit(ReadOnlySpan{byte})"/>s what the
/// reader gets. Reads wait only until the filter has emitted something (or the inner stream ended).
/// </summary>
internal abstract class FilteringReadStream(Stream inner) : Stream
{
    private readonly byte[] _readBuffer = new byte[8192];
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
            Accept(inner.Read(_readBuffer, 0, _readBuffer.Length));
        }

        return Drain(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputRead == _output.Count && !_eof)
        {
            Accept(await inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false));
        }

        return Drain(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Filters one chunk read from the inner stream.</summary>
    protected abstract void Process(ReadOnlySpan<byte> chunk);

    /// <summary>The inner stream ended: emit what is held back.</summary>
    protected abstract void Complete();

    /// <summary>Hands bytes to the reader.</summary>
    protected void Emit(ReadOnlySpan<byte> bytes) => _output.AddRange(bytes);

    /// <summary>Hands one byte to the reader.</summary>
    protected void Emit(byte value) => _output.Add(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Accept(int read)
    {
        if (read == 0)
        {
            _eof = true;
            Complete();
        }
        else
        {
            Process(_readBuffer.AsSpan(0, read));
        }
    }

    private int Drain(Span<byte> buffer)
    {
        var available = CollectionsMarshal.AsSpan(_output)[_outputRead..];
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
