using System.Text;

namespace Nexo.SlashCommands;

/// <summary>
/// The naming rule of slash commands (documented on <see cref="SlashCommandService"/>): command words, and unique names
/// for a workspace's templates and MCP prompts.
/// </summary>
internal static class SlashCommandNames
{
    /// <summary>
    /// The command word for a template, prompt or server name: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> kept;
    /// every run of other characters (spaces, <c>/</c>, <c>:</c>, …) becomes one <c>-</c>; leading and trailing
    /// <c>-</c> and <c>.</c> dropped. <see langword="null"/> when nothing is left.
    /// </summary>
    public static string? Word(string name)
    {
        var word = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                word.Append(c);
            }
            else if (word.Length > 0 && word[^1] != '-')
            {
                word.Append('-');
            }
        }

        var result = word.ToString().Trim('-', '.');
        return result.Length == 0 ? null : result;
    }

    /// <summary>
    /// Names the workspace's commands: templates first (sorted by name), each by its word, a later template whose word
    /// is taken getting <c>-2</c>, <c>-3</c>…; then MCP prompts (sorted by server name and prompt name), each by its bare
    /// word unless a template or another server's prompt has the same word (case-insensitive), in which case every such
    /// MCP prompt is named <c>server:prompt</c> (server and prompt as words; still taken: <c>-2</c>, <c>-3</c>… appended).
    /// Sources whose name gives no word are left out.
    /// </summary>
    public static IReadOnlyList<SlashCommand> Assign(IReadOnlyList<Prompt> templates, IReadOnlyList<(McpServer Server, IReadOnlyList<McpPromptInfo> Prompts)> mcp)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<SlashCommand>();
        foreach (var template in templates.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id, StringComparer.Ordinal))
        {
            if (Word(template.Name) is not { } word)
            {
                continue;
            }

            var name = Unique(word, taken);
            result.Add(new SlashCommand
            {
                Name = name,
                QualifiedName = name,
                Description = template.Description ?? Summary(template.Content),
                Arguments = template.Variables.Select(v => new SlashCommandArgument { Name = v, Required = true }).ToList(),
                Source = SlashCommandSource.Template,
                PromptName = template.Name,
                PromptId = template.Id,
            });
        }

        var prompts = mcp
            .OrderBy(s => s.Server.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Server.Id, StringComparer.Ordinal)
            .SelectMany(s => s.Prompts.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (s.Server, Prompt: p, Word: Word(p.Name))))
            .Where(e => e.Word is not null)
            .ToList();
        var counts = prompts.GroupBy(p => p.Word!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var (server, prompt, word) in prompts)
        {
            var qualified = Qualified(server, word!);
            var bare = counts[word!] == 1 && !taken.Contains(word!);
            var name = bare ? word! : Unique(qualified, taken);
            taken.Add(name);
            result.Add(new SlashCommand
            {
                Name = name,
                QualifiedName = qualified,
                Description = prompt.Description ?? prompt.Title ?? $"MCP prompt '{prompt.Name}' of {server.Name}",
                Arguments = prompt.Arguments.Select(a => new SlashCommandArgument { Name = a.Name, Description = a.Description, Required = a.Required }).ToList(),
                Source = SlashCommandSource.Mcp,
                PromptName = prompt.Name,
                ServerId = server.Id,
                ServerName = server.Name,
            });
        }

        return result.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary><c>server:prompt</c>, the server as a word (its id when its name gives none).</summary>
    private static string Qualified(McpServer server, string promptWord) => $"{Word(server.Name) ?? server.Id}:{promptWord}";

    private static string Unique(string word, HashSet<string> taken)
    {
        var name = word;
        for (var n = 2; !taken.Add(name); n++)
        {
            name = $"{word}-{n}";
        }

        return name;
    }

    /// <summary>A template's first line, at most 80 characters: its description when it has none.</summary>
    private static string Summary(string content)
    {
        var line = content.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");
    }
}
