namespace Nexo.BuiltinTools;

/// <summary>
/// The errors of the built-in tools: <see cref="NexoException"/>s of kind Validation whose message starts with the tool's
/// name. The turn's tool runner turns them into the tool's error result (the model sees the message as it is, and the
/// stored tool message has status <c>error</c>); a host calling a tool directly gets the exception.
/// </summary>
internal static class BuiltinToolErrors
{
    /// <summary>An error of <paramref name="tool"/> about its argument <paramref name="field"/>.</summary>
    public static NexoException Fail(string tool, string field, string message) =>
        NexoException.Validation(field, $"{tool}: {message}");
}
