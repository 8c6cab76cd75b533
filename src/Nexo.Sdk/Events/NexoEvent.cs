using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>
/// The base of every event Nexo emits. <see cref="EventName"/> is the contract name from <see cref="NexoEvents"/>;
/// the other properties are the payload, serialised in camelCase by the hosts.
/// </summary>
public abstract record NexoEvent
{
    /// <summary>The event's contract name (for example <c>message-chunk</c>).</summary>
    [JsonIgnore]
    public abstract string EventName { get; }
}
