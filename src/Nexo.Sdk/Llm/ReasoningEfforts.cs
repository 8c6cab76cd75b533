using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>Reads the reasoning effort that requests and faces spell as text (<c>none</c>, <c>low</c>, <c>medium</c>, <c>high</c>, <c>xhigh</c>) into MEAI's <see cref="ReasoningEffort"/>.</summary>
public static class ReasoningEfforts
{
    /// <summary>
    /// Parses a reasoning effort, ignoring case: <c>none</c>, <c>low</c> (or <c>minimal</c>), <c>medium</c>, <c>high</c>,
    /// <c>xhigh</c> (or <c>extra_high</c>, <c>max</c>); <see langword="null"/> or empty means the provider's default.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>The effort, or <see langword="null"/> for the provider's default.</returns>
    /// <exception cref="NexoException">Validation (field <c>reasoningEffort</c>) for any other text.</exception>
    public static ReasoningEffort? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "none" => ReasoningEffort.None,
        "low" or "minimal" => ReasoningEffort.Low,
        "medium" => ReasoningEffort.Medium,
        "high" => ReasoningEffort.High,
        "xhigh" or "extra_high" or "max" => ReasoningEffort.ExtraHigh,
        _ => throw NexoException.Validation("reasoningEffort", $"'{value}' is not a reasoning effort; use none, low, medium, high or xhigh."),
    };

    /// <summary>Checks that an effort is one MEAI defines.</summary>
    /// <exception cref="NexoException">Validation (field <c>reasoningEffort</c>) for an undefined value.</exception>
    internal static ReasoningEffort? Check(ReasoningEffort? effort) =>
        effort is { } e && !Enum.IsDefined(e)
            ? throw NexoException.Validation("reasoningEffort", $"'{(int)e}' is not a reasoning effort; use none, low, medium, high or xhigh.")
            : effort;

    /// <summary>The text of an effort (<c>none</c>, <c>low</c>, <c>medium</c>, <c>high</c>, <c>xhigh</c>), as faces show and send it.</summary>
    /// <param name="effort">The effort.</param>
    public static string ToText(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        _ => "xhigh",
    };
}
