using System.Text.Json;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>update_plan {entries: [{content, priority, status}]}</c>: replaces the chat's plan (<see cref="Chat.Plan"/>),
/// stores it and publishes <see cref="PlanUpdatedEvent"/>. Needs no folder and no permission.
/// </summary>
internal sealed class UpdatePlanTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.UpdatePlan, Text, Schema)
{
    /// <summary>The most entries a plan holds.</summary>
    public const int MaxEntries = 100;

    private static readonly string[] Priorities = ["high", "medium", "low"];
    private static readonly string[] Statuses = ["pending", "in_progress", "completed"];

    private const string Text =
        "Keeps your plan for the task: a list of steps, each with a priority and a status. Send the whole plan every time "
        + "(it replaces the previous one); mark steps in_progress and completed as you go. The user sees it.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "entries": {
              "type": "array",
              "description": "Every step of the plan, in order.",
              "items": {
                "type": "object",
                "properties": {
                  "content": { "type": "string", "description": "What the step is." },
                  "priority": { "type": "string", "enum": ["high", "medium", "low"] },
                  "status": { "type": "string", "enum": ["pending", "in_progress", "completed"] }
                },
                "required": ["content", "priority", "status"],
                "additionalProperties": false
              }
            }
          },
          "required": ["entries"],
          "additionalProperties": false
        }
        """;

    protected override async Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var entries = Parse(arguments);
        await Context.SavePlan(entries, cancellationToken).ConfigureAwait(false);
        Context.Emit(new PlanUpdatedEvent { ChatId = Context.ChatId, Entries = entries });
        var done = entries.Count(e => e.Status == "completed");
        var doing = entries.Count(e => e.Status == "in_progress");
        return $"Plan updated: {entries.Count} step{(entries.Count == 1 ? string.Empty : "s")} ({done} completed, {doing} in progress, {entries.Count - done - doing} pending).";
    }

    private List<PlanEntry> Parse(BuiltinToolArguments arguments)
    {
        if (arguments.Element("entries") is not { ValueKind: JsonValueKind.Array } array)
        {
            throw arguments.Error("entries", "'entries' is required: an array of {content, priority, status}.");
        }

        if (array.GetArrayLength() > MaxEntries)
        {
            throw arguments.Error("entries", $"a plan has at most {MaxEntries} entries.");
        }

        var entries = new List<PlanEntry>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw arguments.Error("entries", $"entry {index} must be an object with content, priority and status.");
            }

            var content = StringOf(item, "content")?.Trim();
            if (string.IsNullOrEmpty(content))
            {
                throw arguments.Error("entries", $"entry {index} needs a non-empty 'content'.");
            }

            var priority = StringOf(item, "priority") ?? "medium";
            if (!Priorities.Contains(priority, StringComparer.Ordinal))
            {
                throw arguments.Error("entries", $"entry {index} has priority '{priority}'; use high, medium or low.");
            }

            var status = StringOf(item, "status") ?? "pending";
            if (!Statuses.Contains(status, StringComparer.Ordinal))
            {
                throw arguments.Error("entries", $"entry {index} has status '{status}'; use pending, in_progress or completed.");
            }

            entries.Add(new PlanEntry { Content = content, Priority = priority, Status = status });
        }

        return entries;
    }

    private static string? StringOf(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
