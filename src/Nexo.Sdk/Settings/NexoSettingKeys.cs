namespace Nexo;

/// <summary>App setting keys that Nexo itself reads.</summary>
public static class NexoSettingKeys
{
    /// <summary>The id of the LLM connection used when neither the turn nor the workspace names one.</summary>
    public const string DefaultConnectionId = "defaultConnectionId";
}
