namespace Nexo.Benchmarks;

/// <summary>
/// Deterministic chat-like text: words drawn from a fixed vocabulary with a Zipf-like skew, so some words are in
/// most messages and others in a few hundred, as in real conversations.
/// </summary>
internal sealed class TextGenerator
{
    /// <summary>A frequent word (in several percent of the messages).</summary>
    public const string CommonWord = "context";

    /// <summary>A word in about one message of ten thousand.</summary>
    public const string RareWord = "quetzal";

    private static readonly string[] Vocabulary = BuildVocabulary();

    /// <summary>A word of middling frequency (in a few thousand of a million messages).</summary>
    public static string MidWord => Vocabulary[1000];
    private readonly Random _random;

    public TextGenerator(int seed) => _random = new Random(seed);

    public string Next()
    {
        var words = _random.Next(8, 40);
        var parts = new string[words];
        for (var i = 0; i < words; i++)
        {
            // The cube skews towards the start of the vocabulary (the frequent words).
            var u = _random.NextDouble();
            parts[i] = Vocabulary[(int)(u * u * u * Vocabulary.Length)];
        }

        if (_random.Next(10_000) == 0)
        {
            parts[_random.Next(words)] = RareWord;
        }

        return string.Join(' ', parts);
    }

    private static string[] BuildVocabulary()
    {
        string[] seeds =
        [
            "the", "a", "to", "and", "of", "is", "in", "it", "you", "that", CommonWord, "model", "function", "return", "value", "error",
            "file", "test", "data", "query", "index", "page", "search", "message", "chat", "token", "stream", "server", "client", "request",
        ];
        var syllables = new[] { "ka", "lo", "mi", "ren", "sa", "tu", "vel", "xo", "zar", "pi", "dun", "gre", "hol", "jin", "quo", "bra" };
        var words = new List<string>(seeds);
        var seen = new HashSet<string>(seeds, StringComparer.Ordinal);
        for (var i = 0; words.Count < 20_000; i++)
        {
            var n = i;
            var word = string.Empty;
            do
            {
                word += syllables[n % syllables.Length];
                n /= syllables.Length;
            }
            while (n > 0);
            if (word.Length >= 4 && word != RareWord && seen.Add(word))
            {
                words.Add(word);
            }
        }

        return [.. words];
    }
}
