using System.Net;

namespace Nexo;

/// <summary>Turns provider client exceptions into <see cref="NexoErrorKind.Llm"/> errors with a readable message.</summary>
internal static class LlmErrorMapper
{
    public static NexoException Map(Exception ex)
    {
        HttpStatusCode? status = ex is HttpRequestException h ? h.StatusCode : null;
        var message = status is null
            ? $"The LLM provider failed: {ex.Message}"
            : $"The LLM provider answered {(int)status} {status}: {ex.Message}";
        return new NexoException(NexoErrorKind.Llm, message, ex)
        {
            Details = status is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["status"] = (int)status },
        };
    }
}
