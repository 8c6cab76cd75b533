namespace Nexo.Testing;

/// <summary>Scripted token usage.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record FakeUsage(int InputTokens, int OutputTokens);
