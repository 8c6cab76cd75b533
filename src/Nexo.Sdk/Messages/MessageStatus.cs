using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>The life-cycle state of a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    /// <summary>Created, no content produced yet.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Content is arriving; what is stored is a partial answer.</summary>
    [JsonStringEnumMemberName("streaming")] Streaming,
    /// <summary>Finished normally.</summary>
    [JsonStringEnumMemberName("complete")] Complete,
    /// <summary>Failed; <see cref="Message.Error"/> says why. Partial content is kept.</summary>
    [JsonStringEnumMemberName("error")] Error,
    /// <summary>Cancelled; partial content is kept.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
