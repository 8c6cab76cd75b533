namespace Nexo;

/// <summary>
/// Turns a final error response (after <see cref="RetryHandler"/> gave up) into an <see cref="LlmHttpException"/>
/// carrying the status and the provider's error message. Some SDKs drop the body of an error response (OllamaSharp
/// keeps only the status for anything but 400), so the body is read here, once, for all of them.
/// </summary>
internal sealed class ProviderErrorHandler(HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    private const int MaxBodyChars = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
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
}
