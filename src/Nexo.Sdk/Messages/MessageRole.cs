using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>Who wrote a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageRole>))]
public enum MessageRole
{
    /// <summary>A system instruction.</summary>
    [JsonStringEnumMemberName("system")] System,
    /// <summary>The user.</summary>
    [JsonStringEnumMemberName("user")] User,
    /// <summary>The model.</summary>
    [JsonStringEnumMemberName("assistant")] Assistant,
    /// <summary>The result of a tool call.</summary>
    [JsonStringEnumMemberName("tool")] Tool,
}
