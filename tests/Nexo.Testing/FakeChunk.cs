namespace Nexo.Testing;

/// <summary>One scripted piece of a fake provider's answer.</summary>
/// <param name="Delay">How long the server waits before sending it.</param>
public abstract record FakeChunk(TimeSpan Delay);

/// <summary>A piece of answer text (OpenAI <c>delta.content</c>, Anthropic <c>text_delta</c>, Ollama <c>message.content</c>).</summary>
/// <param name="Text">The text.</param>
/// <param name="Delay">How long the server waits before sending it.</param>
public sealed record FakeTextChunk(string Text, TimeSpan Delay = default) : FakeChunk(Delay);

/// <summary>A piece of reasoning (OpenAI-compatible <c>delta.reasoning_content</c>, Anthropic <c>thinking_delta</c>, Ollama <c>message.thinking</c>).</summary>
/// <param name="Text">The reasoning text.</param>
/// <param name="Delay">How long the server waits before sending it.</param>
public sealed record FakeReasoningChunk(string Text, TimeSpan Delay = default) : FakeChunk(Delay);

/// <summary>
/// A tool call. Streaming servers split it the way the provider does: OpenAI sends the id and name first and the
/// arguments in two <c>delta.tool_calls</c> pieces; Anthropic sends a <c>tool_use</c> block with
/// <c>input_json_delta</c> pieces; Ollama sends the whole call in one line.
/// </summary>
/// <param name="Id">The call id.</param>
/// <param name="Name">The tool name.</param>
/// <param name="ArgumentsJson">The arguments, a JSON object.</param>
/// <param name="Delay">How long the server waits before sending it.</param>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson, TimeSpan Delay = default) : FakeChunk(Delay);
