using System.Globalization;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// A command's output, kept within a limit: the first half and the last half of the limit, with the number of characters
/// cut from the middle (a build's first error and its summary both stay). Safe to write from the stdout and stderr pumps at once.
/// </summary>
internal sealed class CappedOutput(int limit)
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _head = new();
    private readonly char[] _tail = new char[Math.Max(0, limit - (limit / 2))];
    private readonly int _headLimit = limit / 2;
    private int _tailStart;
    private int _tailLength;
    private long _total;

    /// <summary>How many characters were cut.</summary>
    public long Cut
    {
        get
        {
            lock (_gate)
            {
                return _total - _head.Length - _tailLength;
            }
        }
    }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_gate)
        {
            _total += chunk.Length;
            var toHead = Math.Min(chunk.Length, _headLimit - _head.Length);
            if (toHead > 0)
            {
                _head.Append(chunk[..toHead]);
                chunk = chunk[toHead..];
            }

            if (_tail.Length == 0)
            {
                return;
            }

            // The tail is a ring of the last _tail.Length characters.
            if (chunk.Length >= _tail.Length)
            {
                chunk[^_tail.Length..].CopyTo(_tail);
                _tailStart = 0;
                _tailLength = _tail.Length;
                return;
            }

            foreach (var c in chunk)
            {
                var at = (_tailStart + _tailLength) % _tail.Length;
                _tail[at] = c;
                if (_tailLength < _tail.Length)
                {
                    _tailLength++;
                }
                else
                {
                    _tailStart = (_tailStart + 1) % _tail.Length;
                }
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder(_head.Length + _tailLength + 64).Append(_head);
            var cut = _total - _head.Length - _tailLength;
            if (cut > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n[… {cut:N0} characters of output cut …]\n");
            }

            for (var i = 0; i < _tailLength; i++)
            {
                text.Append(_tail[(_tailStart + i) % _tail.Length]);
            }

            return text.ToString();
        }
    }
}
