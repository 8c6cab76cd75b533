namespace Nexo.ContextBenchmarks;

/// <summary>A text's characters by class: ASCII letters, digits, spaces, punctuation; other scripts by range.</summary>
internal readonly record struct Classes(int Letters, int Digits, int Spaces, int Punctuation, int Latin, int Cyrillic, int Cjk, int Other)
{
    public static Classes Of(string text)
    {
        int letters = 0, digits = 0, spaces = 0, punctuation = 0, latin = 0, cyrillic = 0, cjk = 0, other = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case >= 'a' and <= 'z' or >= 'A' and <= 'Z':
                    letters++;
                    break;
                case >= '0' and <= '9':
                    digits++;
                    break;
                case ' ' or '\t' or '\n' or '\r':
                    spaces++;
                    break;
                case < (char)128:
                    punctuation++;
                    break;
                case <= '\u024F':
                    latin++;
                    break;
                case >= '\u0370' and <= '\u06FF':
                    cyrillic++;
                    break;
                case >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF':
                    cjk++;
                    break;
                default:
                    if (!char.IsLowSurrogate(c))
                    {
                        other++;
                    }

                    break;
            }
        }

        return new Classes(letters, digits, spaces, punctuation, latin, cyrillic, cjk, other);
    }

    /// <summary>
    /// The rule this benchmark proposes instead of <c>TokenCounter.EstimateText</c> (not used by the SDK): ASCII letters and
    /// whitespace 1 token per 4, ASCII digits and punctuation 1 per 2, Greek/Cyrillic/Hebrew/Arabic 1 per 2, every other
    /// character (accented Latin, CJK, emoji) 1 each, rounded up.
    /// </summary>
    public static int Proposed(string text)
    {
        var c = Of(text);
        return (int)Math.Ceiling(((c.Letters + c.Spaces) / 4.0) + ((c.Digits + c.Punctuation) / 2.0) + (c.Cyrillic / 2.0) + c.Latin + c.Cjk + c.Other);
    }

    public static Classes operator +(Classes a, Classes b) =>
        new(a.Letters + b.Letters, a.Digits + b.Digits, a.Spaces + b.Spaces, a.Punctuation + b.Punctuation, a.Latin + b.Latin, a.Cyrillic + b.Cyrillic, a.Cjk + b.Cjk, a.Other + b.Other);
}
