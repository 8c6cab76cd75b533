// search_text over a generated tree of N files (50,000 by default), beside `grep -rn` on the same tree in the same
// run. The tool is called the way a model calls it: a real turn through NexoClient whose in-process model asks for
// search_text once; the tool's own time is the durationMs Nexo stores with the tool message. grep runs as a process
// on the same warm page cache. Each case: a warm-up, then --runs samples alternating the two; median (best).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Nexo;

var files = Option("--files", 50_000);
var runs = Option("--runs", 5);
var folder = Path.Combine(Path.GetTempPath(), "nexo-search-bench", $"tree-{files}");
var (fileCount, bytes) = Generate(folder, files);

var model = new OneSearchClient();
var data = Directory.CreateTempSubdirectory("nexo-search-bench-db").FullName;
await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(data, "bench.db"), LlmClientFactory = new Factory(model) });
var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench", RootPath = folder });
var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "fake", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "http://127.0.0.1:9", DefaultModel = "fake" });
await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
{
    LlmConnectionId = connection.Id,
    BuiltinTools = [BuiltinToolNames.SearchText],
    ToolPermissionMode = ToolPermissionMode.AllowReads,
    ContextStrategy = ContextStrategy.Truncate,
});

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search_text vs grep -rn — {fileCount:N0} files, {bytes / 1024.0 / 1024.0:F1} MB in {folder}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {GrepVersion()}; median of {runs} runs (best in brackets), warm page cache"));
Console.WriteLine();
Console.WriteLine("| Search | Matching lines (search_text / grep) | search_text | grep -rn | Ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|");

(string Name, string Pattern, bool IgnoreCase, int Max)[] cases =
[
    ("rare literal (full scan)", "NEEDLE_7Q", false, 1000),
    ("regex, word boundary + class (full scan)", @"\bTODO\([a-z]+\): fix [0-9]+", false, 1000),
    ("case-insensitive literal (full scan)", "needle_7q", true, 1000),
    ("frequent word, first 100 lines", @"\breturn\b", false, 100),
];
foreach (var c in cases)
{
    var tool = new List<double>();
    var grep = new List<double>();
    int toolLines = 0, grepLines = 0;
    for (var i = -1; i < runs; i++)
    {
        var (ms, lines) = await SearchAsync(nexo, ws.Id, model, c.Pattern, c.IgnoreCase, c.Max);
        var (gms, glines) = Grep(folder, c.Pattern, c.IgnoreCase);
        if (i >= 0)
        {
            tool.Add(ms);
            grep.Add(gms);
        }

        (toolLines, grepLines) = (lines, glines);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {c.Name} `{c.Pattern}` | {toolLines:N0} / {grepLines:N0} | {Median(tool):F0} ms ({tool.Min():F0}) | {Median(grep):F0} ms ({grep.Min():F0}) | {Median(tool) / Median(grep):F2} |"));
}

Directory.Delete(data, recursive: true);
return;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>One turn whose model calls search_text once; the tool's own duration and the number of matching lines it returned.</summary>
static async Task<(double Ms, int Lines)> SearchAsync(NexoClient nexo, string workspaceId, OneSearchClient model, string pattern, bool ignoreCase, int max)
{
    model.Arguments = new Dictionary<string, object?> { ["pattern"] = pattern, ["ignoreCase"] = ignoreCase, ["maxResults"] = max };
    var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspaceId, Title = "bench" });
    await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "search" });
    var tool = (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Single(m => m.Role == MessageRole.Tool);
    if (tool.Status != MessageStatus.Complete)
    {
        throw new InvalidOperationException("search_text failed: " + tool.Content);
    }

    var ms = tool.Metadata!.Value.GetProperty("result").GetProperty("durationMs").GetDouble();
    await nexo.Chats.DeleteAsync(chat.Id);
    return (ms, tool.Content.Split('\n').Count(l => !l.StartsWith('[') && l.Contains(':', StringComparison.Ordinal)));
}

/// <summary><c>grep -rn -E</c> (with <c>-i</c>) over the tree; wall time and matching lines.</summary>
static (double Ms, int Lines) Grep(string folder, string pattern, bool ignoreCase)
{
    var start = new ProcessStartInfo("grep") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var arg in (string[])["-rn", "-E", .. ignoreCase ? ["-i"] : Array.Empty<string>(), "-e", pattern, folder])
    {
        start.ArgumentList.Add(arg);
    }

    var watch = Stopwatch.StartNew();
    using var grep = Process.Start(start)!;
    var lines = 0;
    while (grep.StandardOutput.ReadLine() is not null)
    {
        lines++;
    }

    grep.WaitForExit();
    return (watch.Elapsed.TotalMilliseconds, lines);
}

static string GrepVersion()
{
    using var grep = Process.Start(new ProcessStartInfo("grep", "--version") { RedirectStandardOutput = true })!;
    var first = grep.StandardOutput.ReadLine() ?? "grep";
    grep.WaitForExit();
    return first;
}

/// <summary>
/// A deterministic tree of code-like files: src/mNN/pNN/fNNN.cs, 100 per folder, 30–150 lines each from a small
/// vocabulary; "NEEDLE_7Q" in 1 file of 2,500 and "TODO(name): fix N" in 1 of 1,000. Built once and reused.
/// </summary>
static (int Files, long Bytes) Generate(string folder, int count)
{
    var marker = Path.Combine(folder, ".complete");
    if (!File.Exists(marker))
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var random = new Random(50_000);
        string[] words = ["var", "value", "result", "items", "count", "index", "name", "client", "options", "return", "await", "if", "else", "for", "new", "string", "int", "list", "map", "null", "true", "false", "context", "token", "buffer"];
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ".gitignore"), "*.tmp\nbin/\nobj/\n/out\n!keep.tmp\n");
        for (var i = 0; i < count; i++)
        {
            var dir = Path.Combine(folder, "src", $"m{i / 2000:D2}", $"p{i / 100 % 20:D2}");
            Directory.CreateDirectory(dir);
            var text = new StringBuilder();
            for (int line = 0, lines = random.Next(30, 150); line < lines; line++)
            {
                text.Append(' ', 4 * random.Next(0, 4));
                for (int w = 0, n = random.Next(3, 12); w < n; w++)
                {
                    text.Append(words[random.Next(words.Length)]).Append(w % 3 == 2 ? "(); " : " ");
                }

                if (i % 2500 == 7 && line == 10)
                {
                    text.Append("// NEEDLE_7Q here");
                }

                if (i % 1000 == 3 && line == 20)
                {
                    text.Append(CultureInfo.InvariantCulture, $"// TODO(ann): fix {i}");
                }

                text.Append('\n');
            }

            File.WriteAllText(Path.Combine(dir, $"f{i % 100:D3}.cs"), text.ToString());
        }

        File.WriteAllText(marker, string.Empty);
    }

    var all = new DirectoryInfo(Path.Combine(folder, "src")).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
    return (all.Count, all.Sum(f => f.Length));
}

/// <summary>A model that calls search_text with <see cref="Arguments"/>, then answers once it has the result.</summary>
internal sealed class OneSearchClient : IChatClient
{
    private int _call;

    public Dictionary<string, object?> Arguments { get; set; } = [];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(u);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (messages.Last().Role == ChatRole.Tool)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "done");
            yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
            yield break;
        }

        var id = "s" + Interlocked.Increment(ref _call).ToString(CultureInfo.InvariantCulture);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent(id, "search_text", new Dictionary<string, object?>(Arguments))]);
        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.ToolCalls };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

internal sealed class Factory(IChatClient client) : ILlmClientFactory
{
    public IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId) => client;

    public Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LlmModel>>([new LlmModel { Id = "fake" }]);
}
