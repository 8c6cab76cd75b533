using System.ClientModel;
using System.Net;
using System.Text.Json;
using Anthropic.Exceptions;
using OllamaSharp.Models.Exceptions;

namespace Nexo;

/// <summary>
/// Maps what the provider SDKs throw (OpenAI's <see cref="ClientResultException"/>, Anthropic's exceptions,
/// OllamaSharp's, <see cref="HttpRequestException"/>, <see cref="JsonException"/> from a malformed stream…) to one
/// <see cref="NexoException"/> of kind <see cref="NexoErrorKind.Llm"/> whose message names the HTTP status and the
/// provider's own error message, with <c>Details["status"]</c> (the HTTP status, or <see langword="null"/>),
/// <c>Details["providerMessage"]</c>, <c>Details["errorType"]</c> and <c>Details["retryAfterSeconds"]</c>.
/// </summary>
internal static class LlmErrors
{
    /// <summary>Maps an exception from a provider call.</summary>
    /// <param name="exception">What the call threw.</param>
    /// <param name="source">Who was called, for the message (for example <c>connection 'work' (anthropic)</c>).</param>
    /// <returns>The Nexo error; a <see cref="NexoException"/> is returned unchanged, a cancellation becomes <see cref="NexoErrorKind.Cancelled"/>.</returns>
    public static NexoException From(Exception exception, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var who = string.IsNullOrWhiteSpace(source) ? "The LLM provider" : $"The LLM provider ({source})";

        if (exception is NexoException nexo)
        {
            return nexo;
        }

        if (exception is OperationCanceledException canceled)
        {
            return canceled.InnerException is TimeoutException
                ? Create(who + " did not answer in time; the request timed out.", exception, null, null, null, "timeout")
                : new NexoException(NexoErrorKind.Cancelled, "The LLM request was cancelled.", exception);
        }

        // Errors raised by Nexo's own HTTP pipeline carry the status and the parsed body.
        if (Find<LlmHttpException>(exception) is { } http)
        {
            return FromStatus(who, http.Status, http.ReasonPhrase, http.Body, http.RetryAfter, exception);
        }

        if (Find<LlmStreamErrorException>(exception) is { } streamError)
        {
            var message = streamError.Body.Message ?? "unknown error";
            return Create($"{who} reported an error in the middle of its answer: {message}", exception, null, message, streamError.Body.Type, "stream");
        }

        // The SDKs' own error types, for clients that were not built by LlmClientFactory.
        if (Find<AnthropicApiException>(exception) is { } anthropicApi)
        {
            return FromStatus(who, anthropicApi.StatusCode, null, ProviderErrorBody.Parse(anthropicApi.ResponseBody), null, exception);
        }

        if (Find<ClientResultException>(exception) is { Status: > 0 } openAi)
        {
            string? body = null;
            try
            {
                body = openAi.GetRawResponse()?.Content?.ToString();
            }
            catch (InvalidOperationException)
            {
                // The response was not buffered; the status is enough.
            }

            return FromStatus(who, (HttpStatusCode)openAi.Status, null, ProviderErrorBody.Parse(body), null, exception);
        }

        if (Find<AnthropicSseException>(exception) is { } sse)
        {
            var message = sse.ApiMessage ?? ProviderErrorBody.Shorten(sse.Message);
            var type = sse.Body.ValueKind == JsonValueKind.Object && sse.Body.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) ? t.GetString() : null;
            return Create($"{who} reported an error in the middle of its answer: {message}", exception, null, message, type, "stream");
        }

        if (Find<OllamaException>(exception) is { } ollama)
        {
            return Create($"{who} reported an error: {ollama.Message}", exception, null, ollama.Message, null, "provider");
        }

        if (Find<JsonException>(exception) is { } json)
        {
            return Create($"{who} sent a malformed response that could not be read ({ProviderErrorBody.Shorten(json.Message)}).", exception, null, null, null, "malformed");
        }

        if (Find<AnthropicInvalidDataException>(exception) is { } invalid)
        {
            return Create($"{who} sent a malformed response that could not be read ({invalid.Message}).", exception, null, null, null, "malformed");
        }

        if (Find<TimeoutException>(exception) is not null)
        {
            return Create(who + " did not answer in time; the request timed out.", exception, null, null, null, "timeout");
        }

        if (Find<HttpRequestException>(exception) is { } request)
        {
            var lost = request.HttpRequestError == HttpRequestError.ResponseEnded || Find<IOException>(exception) is not null;
            return lost && request.HttpRequestError != HttpRequestError.ConnectionError
                ? Create($"{who} closed the connection before the answer was complete ({request.Message}).", exception, null, null, null, "connection")
                : Create($"{who} could not be reached ({request.Message}). Check the base URL and that the server is running.", exception, null, null, null, "connection");
        }

        if (Find<IOException>(exception) is { } io)
        {
            return Create($"{who} closed the connection before the answer was complete ({io.Message}).", exception, null, null, null, "connection");
        }

        return Create($"{who} failed: {exception.Message}", exception, null, null, null, "unknown");
    }

    private static NexoException FromStatus(string who, HttpStatusCode status, string? reasonPhrase, ProviderErrorBody body, TimeSpan? retryAfter, Exception exception)
    {
        var code = (int)status;
        var phrase = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase;
        var text = $"{who} answered HTTP {code} ({phrase})";
        if (body.Message is not null)
        {
            text += $": {body.Message.TrimEnd('.')}.";
        }
        else
        {
            text += ".";
        }

        text += code switch
        {
            401 or 403 => " Check the API key and the headers of the connection.",
            404 => " Check the base URL and the model id.",
            408 or 429 => " The provider is busy or rate-limiting; wait and try again.",
            >= 500 => " The provider failed; try again later.",
            _ => string.Empty,
        };

        var error = Create(text, exception, code, body.Message, body.Type, "status");
        if (retryAfter is { } wait)
        {
            ((Dictionary<string, object?>)error.Details)["retryAfterSeconds"] = wait.TotalSeconds;
        }

        return error;
    }

    private static NexoException Create(string message, Exception inner, int? status, string? providerMessage, string? errorType, string reason) =>
        new(NexoErrorKind.Llm, message, inner)
        {
            Details = new Dictionary<string, object?>
            {
                ["status"] = status,
                ["providerMessage"] = providerMessage,
                ["errorType"] = errorType,
                ["reason"] = reason,
            },
        };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count == 1 && aggregate.InnerException is T inner)
            {
                return inner;
            }
        }

        return null;
    }
}
