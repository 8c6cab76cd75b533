using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>Where a <see cref="SlashCommand"/> comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlashCommandSource>))]
public enum SlashCommandSource
{
    /// <summary>One of Nexo's prompt templates (<see cref="NexoClient.Prompts"/>); its arguments are the template's <c>{{variables}}</c>.</summary>
    [JsonStringEnumMemberName("template")] Template,

    /// <summary>A prompt of an MCP server the workspace enables (<c>prompts/list</c>, filled in with <c>prompts/get</c>).</summary>
    [JsonStringEnumMemberName("mcp")] Mcp,
}
