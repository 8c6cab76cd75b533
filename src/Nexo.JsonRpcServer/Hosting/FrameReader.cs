using System.Globalization;
using System.Text;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>One message read off the wire: its bytes, or the size of a frame that was too large and skipped.</summary>
/// <param name="Body">The message bytes; <see langword="null"/> when the frame was skipped.</param>
/// <param name="SkippedLength">The length of a skipped frame (or the bytes seen before giving up on it).</param>
/// <param name="Problem">Why the frame was skipped, for the error reply.</param>
/// <param name="Prefix">The first bytes of an oversized frame, where its request id usually is.</param>
internal readonly record struct Frame(byte[]? Body, long SkippedLength, string? Problem, byte[]? Prefix = null);

/// <summary>
/// Reads frames (header- or newline-delimited) from a stream with its own buffer, so that a malformed header, a
/// garbage line or an oversized frame is skipped rather than ending the connection. Each body gets its own array:
/// the formatter may keep referring to it after deserialisation.
/// </summary>
internal sealed class FrameReader(Stream input, MessageFraming framing, int maxFrameBytes)
{
    private const int MaxHeaderLineBytes = 8 * 1024;

    /// <summary>How much of an oversized frame is kept to find its request id.</summary>
    private const int PrefixBytes = 64 * 1024;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The rest of an oversized header frame, skipped before the next frame is read.</summary>
    private long _skipPending;

    /// <summary>Whether the rest of an oversized line is discarded before the next frame is read.</summary>
    private bool _discardLine;

    /// <summary>Reads the next frame, or <see langword="null"/> at the end of the stream.</summary>
    /// <remarks>
    /// An oversized frame is reported as soon as it is known to be too large (its first bytes kept for the request id),
    /// so the client is answered without waiting for the rest, which is then read and dropped: a frame that never ends
    /// is answered too.
    /// </remarks>
    public async ValueTask<Frame?> ReadAsync(CancellationToken ct)
    {
        if (_skipPending > 0)
        {
            await SkipAsync(_skipPending, ct).ConfigureAwait(false);
            _skipPending = 0;
        }

        if (_discardLine && !await DiscardLineAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return framing == MessageFraming.Header ? await ReadHeaderFrameAsync(ct).ConfigureAwait(false) : await ReadLineFrameAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask<Frame?> ReadHeaderFrameAsync(CancellationToken ct)
    {
        long? contentLength = null;
        string? problem = null;
        var sawHeader = false;
        while (true)
        {
            var line = await ReadHeaderLineAsync(ct).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (!sawHeader)
                {
                    continue; // stray blank lines between frames
                }

                break;
            }

            sawHeader = true;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problem ??= $"Malformed header line '{Truncate(line)}'.";
                continue;
            }

            var name = line[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (long.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    contentLength = n;
                }
                else
                {
                    problem ??= $"Invalid Content-Length '{Truncate(line[(colon + 1)..].Trim())}'.";
                }
            }
        }

        if (contentLength is not { } length)
        {
            // Without a length the body cannot be found; the header block is dropped and reading goes on.
            return new Frame(null, 0, problem ?? "The header block has no Content-Length.");
        }

        if (length > maxFrameBytes)
        {
            var prefix = new byte[(int)Math.Min(PrefixBytes, length)];
            var read = await FillAsync(prefix, ct).ConfigureAwait(false);
            _skipPending = length - read;
            return new Frame(null, length, $"The message of {length} bytes exceeds the limit of {maxFrameBytes} bytes.", prefix[..read]);
        }

        var body = new byte[length];
        var filled = await FillAsync(body, ct).ConfigureAwait(false);
        return filled < length ? null : new Frame(body, 0, null);
    }

    private async ValueTask<Frame?> ReadLineFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            using var line = new MemoryStream();
            long seen = 0;
            while (true)
            {
                if (_start == _end && !await FillBufferAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var take = (newline < 0 ? _end : newline) - _start;
                seen += take;
                if (seen > maxFrameBytes)
                {
                    // Answered now, not when (if ever) the line ends; the rest of it is dropped before the next frame.
                    var prefix = line.GetBuffer().AsSpan(0, (int)Math.Min(line.Length, PrefixBytes)).ToArray();
                    _start += take;
                    if (newline >= 0)
                    {
                        _start++;
                    }
                    else
                    {
                        _discardLine = true;
                    }

                    return new Frame(null, seen, $"The message of more than {maxFrameBytes} bytes exceeds the limit of {maxFrameBytes} bytes.", prefix);
                }

                line.Write(_buffer, _start, take);
                _start += take;
                if (newline >= 0)
                {
                    _start++; // the '\n'
                    break;
                }
            }

            var bytes = line.ToArray();
            var length = bytes.Length;
            while (length > 0 && (bytes[length - 1] == '\r' || bytes[length - 1] == ' ' || bytes[length - 1] == '\t'))
            {
                length--;
            }

            if (length == 0)
            {
                continue; // blank lines are allowed between messages
            }

            return new Frame(length == bytes.Length ? bytes : bytes[..length], 0, null);
        }
    }

    /// <summary>Reads one header line (without its CR LF) as ASCII; a line longer than the limit is cut off.</summary>
    private async ValueTask<string?> ReadHeaderLineAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillBufferAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            var room = Math.Max(0, MaxHeaderLineBytes - sb.Length);
            sb.Append(Encoding.ASCII.GetString(_buffer, _start, Math.Min(room, stop - _start)));
            _start = stop;
            if (newline >= 0)
            {
                _start++;
                return sb.ToString().TrimEnd('\r');
            }
        }
    }

    /// <summary>Drops bytes up to and including the next newline; <see langword="false"/> at the end of the stream.</summary>
    private async ValueTask<bool> DiscardLineAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_start == _end && !await FillBufferAsync(ct).ConfigureAwait(false))
            {
                return false;
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                _start = newline + 1;
                _discardLine = false;
                return true;
            }

            _start = _end;
        }
    }

    private async ValueTask<int> FillAsync(byte[] target, CancellationToken ct)
    {
        var filled = 0;
        var buffered = Math.Min(_end - _start, target.Length);
        Buffer.BlockCopy(_buffer, _start, target, 0, buffered);
        _start += buffered;
        filled += buffered;
        while (filled < target.Length)
        {
            var n = await input.ReadAsync(target.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            filled += n;
        }

        return filled;
    }

    private async ValueTask<long> SkipAsync(long length, CancellationToken ct)
    {
        long skipped = 0;
        while (skipped < length)
        {
            if (_start == _end && !await FillBufferAsync(ct).ConfigureAwait(false))
            {
                break;
            }

            var take = (int)Math.Min(_end - _start, length - skipped);
            _start += take;
            skipped += take;
        }

        return skipped;
    }

    private async ValueTask<bool> FillBufferAsync(CancellationToken ct)
    {
        if (_eof)
        {
            return false;
        }

        _start = 0;
        _end = await input.ReadAsync(_buffer, ct).ConfigureAwait(false);
        if (_end == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
