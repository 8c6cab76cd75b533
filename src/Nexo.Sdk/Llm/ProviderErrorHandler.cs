namespace Nexo;

/// <summary>
/// Turns a final error response (after <see cref="RetryHandler"/> gave up) into an <see cref="LlmHttpException"/>
/// carrying the status and the provider's error message. Some SDKs drop the body of an error response (OllamaSharp
/// keeps only the status for anything but 400), so the body is read here, once, for all of them.
/// </summary>
/// <para>
/// For OpenAI-compatible and Ollama streams it also watches for error frames inside a successful stream (see
/// <see cref="StreamErrorDetectingStream"/>); the Anthropic SDK reports its <c>event: error</c> itself.
/// </para>
internal sealed class ProviderErrorHandler(LlmProviderKind provider, HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    private const int MaxBodyChars = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return provider == LlmProviderKind.Anthropic ? response : await WatchStreamAsync(provider, response, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            string? body = null;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (body.Length > MaxBodyChars)
                {
                    body = body[..MaxBodyChars];
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // The status alone still says what happened.
            }

            throw new LlmHttpException(response.StatusCode, response.ReasonPhrase, ProviderErrorBody.Parse(body), response.Headers.RetryAfter?.Delta);
        }
    }

    private static async Task<HttpResponseMessage> WatchStreamAsync(LlmProviderKind provider, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var sse = string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        var ndjson = string.Equals(mediaType, "application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType, "application/jsonl", StringComparison.OrdinalIgnoreCase);
        var openAI = provider is LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible;
        if (openAI && string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await AliasReasoningAsync(response, cancellationToken).ConfigureAwait(false);
        }

        if (!sse && !ndjson)
        {
            return response;
        }

        var inner = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (openAI && sse)
        {
            inner = ReasoningFieldAlias.WrapEventStream(inner);
        }

        var watched = new StreamContent(new StreamErrorDetectingStream(inner, sse));
        foreach (var header in response.Content.Headers)
        {
            watched.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = watched;
        return response;
    }

    /// <summary>A whole (non-streamed) OpenAI-compatible answer with its <c>reasoning</c> field renamed (see <see cref="ReasoningFieldAlias"/>).</summary>
    private static async Task<HttpResponseMessage> AliasReasoningAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!ReasoningFieldAlias.MayContain(body) || ReasoningFieldAlias.Rewrite(System.Text.Encoding.UTF8.GetString(body)) is not { } rewritten)
        {
            var same = new ByteArrayContent(body);
            CopyHeaders(response.Content, same);
            response.Content = same;
            return response;
        }

        var content = new StringContent(rewritten, System.Text.Encoding.UTF8);
        CopyHeaders(response.Content, content);
        content.Headers.ContentLength = null;
        response.Content = content;
        return response;
    }

    private static void CopyHeaders(HttpContent from, HttpContent to)
    {
        foreach (var header in from.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers.Remove(header.Key);
                to.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }
}
