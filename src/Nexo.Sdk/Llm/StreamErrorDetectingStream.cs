using System.Text;

namespace Nexo;

/// <summary>
/// Passes a streamed response body through unchanged, except that a line starting like an error frame
/// (<c>data: {"error"</c> for Server-Sent Events, <c>{"error"</c> for NDJSON) is held back until it ends and then
/// raised as <see cref="LlmStreamErrorException"/> instead of reaching the SDK's parser.
/// </summary>
internal sealed class StreamErrorDetectingStream(Stream inner, bool serverSentEvents) : FilteringReadStream(inner)
{
    private const int MaxErrorLineBytes = 64 * 1024;
    private static readonly byte[][] SsePrefixes = [Encoding.UTF8.GetBytes("data: {\"error\""), Encoding.UTF8.GetBytes("data:{\"error\"")];
    private static readonly byte[][] NdjsonPrefixes = [Encoding.UTF8.GetBytes("{\"error\"")];

    private readonly byte[][] _prefixes = serverSentEvents ? SsePrefixes : NdjsonPrefixes;
    private readonly List<byte> _candidate = [];
    private bool _atLineStart = true;
    private bool _inCandidate;
    private bool _isErrorLine;

    protected override void Process(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            Feed(b);
        }
    }

    protected override void Complete()
    {
        if (_isErrorLine)
        {
            Raise();
        }

        FlushCandidate();
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
            Emit(b);
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
        Emit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_candidate));

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
