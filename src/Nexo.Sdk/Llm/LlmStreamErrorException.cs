namespace Nexo;

/// <summary>
/// A provider reported an error inside a stream that had started well (an OpenAI-compatible
/// <c>data: {"error":…}</c> event or an Ollama <c>{"error":…}</c> line). Raised by <see cref="StreamErrorDetectingStream"/>,
/// because the OpenAI and Ollama SDKs would otherwise end the stream quietly, as if the answer were complete.
/// </summary>
internal sealed class LlmStreamErrorException(ProviderErrorBody body)
    : IOException("The provider reported an error in the stream: " + (body.Message ?? "unknown error"))
{
    /// <summary>The parsed error.</summary>
    public ProviderErrorBody Body { get; } = body;
}
