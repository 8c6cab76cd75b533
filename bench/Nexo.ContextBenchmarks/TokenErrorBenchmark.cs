using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;
using Nexo.Context;

namespace Nexo.ContextBenchmarks;

/// <summary>
/// How far <see cref="TokenCounter.EstimateText"/> (a quarter of the ASCII characters plus one per other character) is from
/// the o200k_base tokenizer, per kind of text, and for whole requests with OpenAI's framing
/// (<see cref="TokenCounter.Estimate"/> against the exact counter of gpt-4o). An estimate below the real count is the
/// dangerous side: the caller keeps a 10 % margin, so a sample more than 10 % under can overflow the window.
/// </summary>
internal sealed class TokenErrorBenchmark(string repoRoot)
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    public void Run()
    {
        var kinds = new List<Kind>
        {
            Texts("English prose (hand-written)", Samples.EnglishProse),
            Texts("English technical prose (docs/*.md paragraphs)", DocParagraphs()),
            Texts("English chat messages (the seeded chat's text)", ChatMessages(300)),
            Texts("C# source (src/**/*.cs, one file each)", Files("src", "*.cs")),
            Texts("TypeScript (clients/typescript/src)", Files("clients/typescript/src", "*.ts")),
            Texts("JSON files (repo, no lock files)", JsonFiles()),
            Texts("JSON tool results (generated, ids and dates)", ToolResults(60)),
            Texts("JSON lock files (hashes, URLs)", LockFiles()),
            Texts("German", Samples.German),
            Texts("French", Samples.French),
            Texts("Spanish", Samples.Spanish),
            Texts("Russian", Samples.Russian),
            Texts("Chinese", Samples.Chinese),
            Texts("Japanese", Samples.Japanese),
            Texts("Korean", Samples.Korean),
            Texts("Emoji chat", Samples.EmojiChat),
        };
        var requests = new List<Kind>
        {
            Requests("Requests: English chat history (system + 20 messages)", ChatRequests(40)),
            Requests("Requests: mixed (prose, code, tool call + JSON result)", MixedRequests()),
            Requests("Requests: non-English conversations (one per language)", LanguageRequests()),
        };

        Console.WriteLine();
        Console.WriteLine("## TokenCounter.EstimateText against o200k_base");
        Console.WriteLine();
        Console.WriteLine("Error = estimate / o200k − 1 (negative = under-count). \"Under\" = share of samples counted below o200k;");
        Console.WriteLine("\"> 10 % under\" = share below 0.9 × o200k, which the caller's 10 % margin does not cover.");
        Console.WriteLine();
        Stats.Table(
            ["Kind", "Samples", "Chars", "o200k tokens", "Estimate", "Total error", "Mean error", "Mean abs. error", "Under", "> 10 % under", "Worst", "Chars/token"],
            [.. kinds.Concat(requests).Select(Row)]);

        Console.WriteLine();
        Console.WriteLine("Characters by class per kind (for choosing constants), and the o200k / cl100k totals:");
        Console.WriteLine();
        Stats.Table(
            ["Kind", "a-z", "0-9", "space", "punct.", "Latin-1/Ext", "Greek-Arabic", "CJK/Kana/Hangul", "other", "o200k", "cl100k"],
            [.. kinds.Select(k =>
            {
                var c = k.Items.Aggregate(default(Classes), (sum, i) => sum + i.Classes);
                return (IReadOnlyList<string>)[k.Name, Stats.N(c.Letters), Stats.N(c.Digits), Stats.N(c.Spaces), Stats.N(c.Punctuation), Stats.N(c.Latin), Stats.N(c.Cyrillic), Stats.N(c.Cjk), Stats.N(c.Other), Stats.N(k.Items.Sum(i => i.Real)), Stats.N(k.Items.Sum(i => i.Cl100k))];
            })]);

        Console.WriteLine();
        Console.WriteLine("The same samples against cl100k_base (a less efficient tokenizer, as a stand-in for other models' own), and the rule");
        Console.WriteLine("proposed below (Classes.Proposed: ASCII letters and whitespace /4, ASCII digits and punctuation /2, Greek to");
        Console.WriteLine("Arabic /2, any other character 1) against both:");
        Console.WriteLine();
        Stats.Table(
            ["Kind", "Estimate vs cl100k", "> 10 % under", "Proposed vs o200k", "> 10 % under", "Worst", "Proposed vs cl100k", "> 10 % under"],
            [.. kinds.Concat(requests).Select(k => (IReadOnlyList<string>)[
                k.Name,
                .. Errors(k.Items, i => i.Estimate, i => i.Cl100k).Take(2),
                .. Errors(k.Items, i => i.Proposed, i => i.Real),
                .. Errors(k.Items, i => i.Proposed, i => i.Cl100k).Take(2),
            ])]);
    }

    private static IReadOnlyList<string> Row(Kind k)
    {
        var items = k.Items;
        var real = items.Sum(i => (long)i.Real);
        var estimate = items.Sum(i => (long)i.Estimate);
        var errors = items.Select(i => ((double)i.Estimate / i.Real) - 1).ToList();
        return
        [
            k.Name,
            Stats.N(items.Count),
            Stats.N(items.Sum(i => (long)i.Chars)),
            Stats.N(real),
            Stats.N(estimate),
            Percent(((double)estimate / real) - 1),
            Percent(errors.Average()),
            Percent(errors.Average(Math.Abs), signed: false),
            Percent((double)errors.Count(e => e < 0) / errors.Count, signed: false),
            Percent((double)errors.Count(e => e < -0.1) / errors.Count, signed: false),
            Percent(errors.Min()),
            Stats.N((double)items.Sum(i => (long)i.Chars) / real, "F2"),
        ];
    }

    /// <summary>Total error, share of samples more than 10 % under, worst sample.</summary>
    private static string[] Errors(List<Item> items, Func<Item, int> estimate, Func<Item, int> real)
    {
        var errors = items.Select(i => ((double)estimate(i) / real(i)) - 1).ToList();
        return
        [
            Percent(((double)items.Sum(i => (long)estimate(i)) / items.Sum(i => (long)real(i))) - 1),
            Percent((double)errors.Count(e => e < -0.1) / errors.Count, signed: false),
            Percent(errors.Min()),
        ];
    }

    private static string Percent(double value, bool signed = true) =>
        (signed && value > 0 ? "+" : string.Empty) + (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static Kind Texts(string name, IEnumerable<string> texts) =>
        new(name, [.. texts.Where(t => t.Length > 0).Select(t =>
        {
            var ascii = t.Count(c => c < 128);
            var other = t.Count(c => c >= 128 && !char.IsLowSurrogate(c));
            return new Item(t.Length, ascii, other, O200k.CountTokens(t), TokenCounter.EstimateText(t), Cl100k.CountTokens(t), Classes.Proposed(t), Classes.Of(t));
        })]);

    private static Kind Requests(string name, IEnumerable<List<ChatMessage>> requests)
    {
        var exact = TokenCounter.For(LlmProviderKind.OpenAI, "gpt-4o");
        var cl100k = TokenCounter.For(LlmProviderKind.OpenAI, "gpt-4");
        return new(name, [.. requests.Select(r =>
        {
            var chars = r.Sum(m => m.Contents.Sum(c => c switch
            {
                TextContent t => t.Text.Length,
                FunctionCallContent f => JsonSerializer.Serialize(f.Arguments).Length,
                FunctionResultContent f => f.Result?.ToString()?.Length ?? 0,
                _ => 0,
            }));
            var estimate = TokenCounter.Estimate.Count(r);
            var proposed = estimate + r.Sum(m => Strings(m).Sum(t => Classes.Proposed(t) - TokenCounter.EstimateText(t)));
            return new Item(chars, 0, 0, exact.Count(r), estimate, cl100k.Count(r), proposed, default);
        })]);
    }

    private IEnumerable<string> DocParagraphs()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repoRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            var fenced = false;
            var paragraph = new StringBuilder();
            foreach (var line in File.ReadLines(file).Append(string.Empty))
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                    paragraph.Clear();
                    continue;
                }

                if (fenced || line.StartsWith('|') || line.StartsWith('#') || line.StartsWith("    ", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    if (paragraph.Length >= 200)
                    {
                        yield return paragraph.ToString().Trim();
                    }

                    paragraph.Clear();
                    continue;
                }

                paragraph.Append(line).Append('\n');
            }
        }
    }

    private static IEnumerable<string> ChatMessages(int count)
    {
        var text = new ChatText(1);
        for (var i = 0; i < count; i++)
        {
            yield return text.Next(user: i % 2 == 0);
        }
    }

    private IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(repoRoot, folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("node_modules", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);

    private IEnumerable<string> JsonFiles() =>
        Directory.EnumerateFiles(repoRoot, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/.git/", StringComparison.Ordinal)
                && !f.EndsWith("package-lock.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);

    private IEnumerable<string> LockFiles() =>
        Directory.EnumerateFiles(repoRoot, "package-lock.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);

    /// <summary>Tool results as tools return them: records with GUIDs, timestamps, numbers and short strings; half indented.</summary>
    private static IEnumerable<string> ToolResults(int count)
    {
        var random = new Random(11);
        string[] cities = ["Paris", "Berlin", "Lisbon", "Oslo", "Kraków", "São Paulo", "Zürich", "Seattle"];
        string[] statuses = ["shipped", "pending", "cancelled", "delivered"];
        for (var i = 0; i < count; i++)
        {
            var items = new JsonArray();
            for (var k = 0; k < random.Next(3, 25); k++)
            {
                items.Add(new JsonObject
                {
                    ["id"] = new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)).ToString(),
                    ["orderNumber"] = $"ORD-{random.Next(100000, 999999)}",
                    ["createdAt"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 30_000_000)).ToString("O", CultureInfo.InvariantCulture),
                    ["status"] = statuses[random.Next(statuses.Length)],
                    ["total"] = Math.Round(random.NextDouble() * 900, 2),
                    ["currency"] = "EUR",
                    ["shipTo"] = new JsonObject { ["city"] = cities[random.Next(cities.Length)], ["postalCode"] = random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture) },
                    ["lines"] = random.Next(1, 9),
                    ["notes"] = random.Next(3) == 0 ? "Leave the parcel with the neighbour if nobody is home." : null,
                });
            }

            var result = new JsonObject { ["count"] = items.Count, ["page"] = 1, ["hasMore"] = random.Next(2) == 0, ["items"] = items };
            yield return result.ToJsonString(new JsonSerializerOptions { WriteIndented = i % 2 == 0 });
        }
    }

    private static IEnumerable<List<ChatMessage>> ChatRequests(int count)
    {
        var text = new ChatText(21);
        for (var i = 0; i < count; i++)
        {
            var request = new List<ChatMessage> { new(ChatRole.System, "You are a careful senior engineer. Answer precisely and keep code samples short.") };
            for (var m = 0; m < 20; m++)
            {
                request.Add(new ChatMessage(m % 2 == 0 ? ChatRole.User : ChatRole.Assistant, text.Next(user: m % 2 == 0)));
            }

            yield return request;
        }
    }

    private IEnumerable<List<ChatMessage>> MixedRequests()
    {
        var code = Files("src", "*.cs").Where(c => c.Length < 12_000).Take(30).ToList();
        var json = ToolResults(30).ToList();
        for (var i = 0; i < 30; i++)
        {
            var call = new FunctionCallContent($"call_{i:D4}", "search_orders", new Dictionary<string, object?> { ["city"] = "Paris", ["status"] = "shipped", ["limit"] = 20 });
            yield return
            [
                new ChatMessage(ChatRole.System, "You are a coding assistant with access to the order database."),
                new ChatMessage(ChatRole.User, Samples.EnglishProse[i % Samples.EnglishProse.Length] + "\n\nCan you review this file?\n\n```csharp\n" + code[i % code.Count] + "\n```"),
                new ChatMessage(ChatRole.Assistant, [new TextContent("Let me look up the orders first."), call]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, json[i])]),
                new ChatMessage(ChatRole.Assistant, Samples.EnglishProse[(i + 3) % Samples.EnglishProse.Length]),
                new ChatMessage(ChatRole.User, "Thanks. Now summarise the shipped orders by city."),
            ];
        }
    }

    private static IEnumerable<List<ChatMessage>> LanguageRequests()
    {
        foreach (var texts in new[] { Samples.German, Samples.French, Samples.Spanish, Samples.Russian, Samples.Chinese, Samples.Japanese, Samples.Korean })
        {
            var request = new List<ChatMessage> { new(ChatRole.System, "Answer in the user's language.") };
            request.AddRange(texts.Select((t, i) => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, t)));
            yield return request;
        }
    }

    /// <summary>Every string <see cref="TokenCounter"/> counts in a message (to apply the proposed rule to a whole request).</summary>
    private static IEnumerable<string> Strings(ChatMessage message)
    {
        yield return message.Role.Value;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    yield return t.Text;
                    break;
                case FunctionCallContent call:
                    yield return call.CallId;
                    yield return call.Name;
                    yield return JsonSerializer.Serialize(call.Arguments, NexoJson.Options);
                    break;
                case FunctionResultContent result:
                    yield return result.CallId;
                    yield return result.Result as string ?? string.Empty;
                    break;
            }
        }
    }

    private sealed record Item(int Chars, int Ascii, int Other, int Real, int Estimate, int Cl100k, int Proposed, Classes Classes);

    private sealed record Kind(string Name, List<Item> Items);
}
