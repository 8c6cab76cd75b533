using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Storage;

namespace Nexo.Transfer;

/// <summary>
/// Reads ChatGPT's <c>conversations.json</c>: an array of conversations, each a tree of nodes (<c>mapping</c>: id →
/// <c>{id, message, parent, children}</c>) with <c>current_node</c> the leaf shown. Every node with text becomes a
/// message whose parent is its nearest ancestor with text, so the tree's branches become Nexo branches, and the
/// current node's message becomes the active one.
/// </summary>
internal static class ChatGptImport
{
    /// <summary>The title of a conversation that has none.</summary>
    public const string DefaultTitle = "Imported chat";

    public static List<ChatToWrite> Read(string workspaceId, string content, DateTimeOffset now)
    {
        using var document = ImportErrors.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw ImportErrors.At("$", "expected ChatGPT's conversations.json: an array of conversations");
        }

        var result = new List<ChatToWrite>();
        var index = 0;
        foreach (var conversation in root.EnumerateArray())
        {
            result.Add(ReadConversation(workspaceId, conversation, $"$[{index++}]", now));
        }

        return result;
    }

    private sealed record Node(string Key, string? Parent, List<string> Children, MessageRole? Role, string Text, JsonElement? Message, string Path);

    private static ChatToWrite ReadConversation(string workspaceId, JsonElement conversation, string at, DateTimeOffset now)
    {
        if (conversation.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(at, "expected a conversation object");
        }

        var title = OptionalString(conversation, "title", at)?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            title = DefaultTitle;
        }
        else if (title.Length > Validate.MaxNameLength)
        {
            title = title[..Validate.MaxNameLength].TrimEnd();
        }

        var created = Seconds(conversation, "create_time", at) ?? now;
        var updated = Seconds(conversation, "update_time", at) ?? created;
        if (!conversation.TryGetProperty("mapping", out var mapping) || mapping.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(at + ".mapping", mapping.ValueKind == JsonValueKind.Undefined ? "missing" : "expected an object of nodes");
        }

        var keys = mapping.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var property in mapping.EnumerateObject())
        {
            nodes[property.Name] = ReadNode(property.Name, property.Value, $"{at}.mapping.{property.Name}", keys);
        }

        string? current = null;
        if (OptionalString(conversation, "current_node", at) is { } c)
        {
            if (!keys.Contains(c))
            {
                throw ImportErrors.At(at + ".current_node", $"unknown node '{c}'");
            }

            current = c;
        }

        foreach (var node in nodes.Values)
        {
            var seen = 0;
            for (var p = node.Parent; p is not null; p = nodes[p].Parent)
            {
                if (++seen > nodes.Count)
                {
                    throw ImportErrors.At(node.Path + ".parent", "the chain of parents loops back on itself");
                }
            }
        }

        // Children in the order their parent lists them (then the mapping's order), parents before children.
        var order = nodes.Values.Select((n, i) => (n, i)).ToDictionary(x => x.n.Key, x => x.i, StringComparer.Ordinal);
        var childrenOf = nodes.Values.Where(n => n.Parent is not null).GroupBy(n => n.Parent!)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(n => nodes[g.Key].Children.IndexOf(n.Key) is var k && k >= 0 ? k : int.MaxValue).ThenBy(n => order[n.Key]).ToList(),
                StringComparer.Ordinal);
        var chatId = Ids.New();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var messages = new List<Message>();
        var stack = new Stack<(Node Node, string? Parent)>(nodes.Values.Where(n => n.Parent is null).Reverse().Select(n => (n, (string?)null)));
        while (stack.Count > 0)
        {
            var (node, parent) = stack.Pop();
            var own = parent;
            if (node.Role is { } role && node.Text.Length > 0)
            {
                var message = node.Message!.Value;
                var createdAt = Seconds(message, "create_time", node.Path + ".message") ?? created;
                var metadata = new JsonObject { ["nodeId"] = node.Key };
                if (Author(message) is { Role: "tool" } author)
                {
                    metadata["role"] = "tool";
                    if (author.Name is not null)
                    {
                        metadata["name"] = author.Name;
                    }
                }

                own = Ids.New();
                kept[node.Key] = own;
                messages.Add(new Message
                {
                    Id = own,
                    ChatId = chatId,
                    ParentId = parent,
                    Sequence = messages.Count + 1,
                    Role = role,
                    Content = node.Text,
                    Model = ModelSlug(message),
                    Metadata = JsonDocument.Parse(new JsonObject { ["chatgpt"] = metadata }.ToJsonString()).RootElement.Clone(),
                    CreatedAt = createdAt,
                    UpdatedAt = Seconds(message, "update_time", node.Path + ".message") ?? createdAt,
                });
            }

            if (childrenOf.TryGetValue(node.Key, out var children))
            {
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push((children[i], own));
                }
            }
        }

        string? active = null;
        for (var n = current; n is not null && active is null; n = nodes[n].Parent)
        {
            kept.TryGetValue(n, out active);
        }

        var branch = new List<Message>();
        var byId = messages.ToDictionary(m => m.Id, StringComparer.Ordinal);
        for (var id = active ?? messages.LastOrDefault()?.Id; id is not null; id = byId[id].ParentId)
        {
            branch.Insert(0, byId[id]);
        }

        var chat = new Chat
        {
            Id = chatId,
            WorkspaceId = workspaceId,
            Title = title,
            LastMessage = ChatTransfer.PreviewOf(branch),
            ActiveMessageId = active,
            CreatedAt = created,
            UpdatedAt = updated,
        };
        return new ChatToWrite(chat, messages);
    }

    private static Node ReadNode(string key, JsonElement node, string at, HashSet<string> keys)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(at, "expected a node object");
        }

        if (OptionalString(node, "id", at) is { } id && id != key)
        {
            throw ImportErrors.At(at + ".id", $"'{id}' differs from the node's key '{key}'");
        }

        var parent = OptionalString(node, "parent", at);
        if (parent is not null && !keys.Contains(parent))
        {
            throw ImportErrors.At(at + ".parent", $"unknown node '{parent}'");
        }

        var children = new List<string>();
        if (node.TryGetProperty("children", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw ImportErrors.At(at + ".children", "expected an array of node ids");
            }

            var i = 0;
            foreach (var child in list.EnumerateArray())
            {
                if (child.ValueKind != JsonValueKind.String || !keys.Contains(child.GetString()!))
                {
                    throw ImportErrors.At($"{at}.children[{i}]", $"unknown node {(child.ValueKind == JsonValueKind.String ? $"'{child.GetString()}'" : child.GetRawText())}");
                }

                children.Add(child.GetString()!);
                i++;
            }
        }

        if (!node.TryGetProperty("message", out var message) || message.ValueKind == JsonValueKind.Null)
        {
            return new Node(key, parent, children, null, string.Empty, null, at);
        }

        var path = at + ".message";
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(path, "expected a message object or null");
        }

        if (Author(message) is not { } author)
        {
            throw ImportErrors.At(path + ".author.role", "missing");
        }

        MessageRole role = author.Role switch
        {
            "user" => MessageRole.User,
            "assistant" => MessageRole.Assistant,
            "system" => MessageRole.System,
            // A tool's output (browsing, code execution…) has no Nexo tool call to answer: it is kept as assistant text.
            "tool" => MessageRole.Assistant,
            _ => throw ImportErrors.At(path + ".author.role", $"unknown role '{author.Role}' (expected user, assistant, system or tool)"),
        };
        return new Node(key, parent, children, role, Text(message, path), message, at);
    }

    private static (string Role, string? Name)? Author(JsonElement message) =>
        message.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object
            && author.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            ? (role.GetString()!, author.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)
            : null;

    private static string? ModelSlug(JsonElement message) =>
        message.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("model_slug", out var slug) && slug.ValueKind == JsonValueKind.String ? slug.GetString() : null;

    /// <summary>The text of a message: its string <c>parts</c> joined by blank lines, else its <c>text</c> (code, execution output).</summary>
    private static string Text(JsonElement message, string at)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
        {
            throw ImportErrors.At(at + ".content", "expected an object with content_type and parts");
        }

        if (content.TryGetProperty("parts", out var parts) && parts.ValueKind != JsonValueKind.Null)
        {
            if (parts.ValueKind != JsonValueKind.Array)
            {
                throw ImportErrors.At(at + ".content.parts", "expected an array");
            }

            return string.Join("\n\n", parts.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()).Where(s => !string.IsNullOrEmpty(s)));
        }

        return content.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() ?? string.Empty : string.Empty;
    }

    private static string? OptionalString(JsonElement owner, string name, string at)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw ImportErrors.At($"{at}.{name}", $"expected a string, not {value.GetRawText()}");
    }

    private static DateTimeOffset? Seconds(JsonElement owner, string name, string at)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds < 0 || seconds > 253402300799)
        {
            throw ImportErrors.At($"{at}.{name}", "expected a number of seconds since 1970-01-01");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }
}
