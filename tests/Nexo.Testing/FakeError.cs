namespace Nexo.Testing;

/// <summary>A scripted provider error, written in the provider's own error body format.</summary>
/// <param name="Status">The HTTP status (ignored for errors sent inside a stream).</param>
/// <param name="Message">The provider's error message.</param>
/// <param name="Type">The provider's error type (for example <c>rate_limit_error</c>); chosen from the status when <see langword="null"/>.</param>
/// <param name="RetryAfter">Sent as a <c>Retry-After</c> header in whole seconds when set.</param>
/// <param name="Code">The provider's error code where its format has one (OpenAI's <c>error.code</c>, such as <c>context_length_exceeded</c>).</param>
public sealed record FakeError(int Status, string Message, string? Type = null, TimeSpan? RetryAfter = null, string? Code = null);
