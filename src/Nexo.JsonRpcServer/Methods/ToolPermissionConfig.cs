namespace Nexo.JsonRpcServer.Methods;

/// <summary>Maps the original's <c>toolPermissionConfig</c> values (and Nexo's rule names) to <see cref="ToolPermissionRule"/>.</summary>
internal static class ToolPermissionConfig
{
    public static Dictionary<string, ToolPermissionRule> ToRules(IReadOnlyDictionary<string, string> config)
    {
        var rules = new Dictionary<string, ToolPermissionRule>(StringComparer.Ordinal);
        foreach (var (tool, value) in config)
        {
            rules[tool] = value switch
            {
                "require" or "ask" => ToolPermissionRule.Ask,
                "auto" or "always_allow" => ToolPermissionRule.AlwaysAllow,
                "always_deny" => ToolPermissionRule.AlwaysDeny,
                _ => throw NexoException.Validation(
                    "toolPermissionConfig",
                    $"The permission '{value}' of tool '{tool}' is not one of require, auto, ask, always_allow, always_deny."),
            };
        }

        return rules;
    }
}
