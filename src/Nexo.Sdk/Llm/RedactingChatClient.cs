using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Nexo.Security;

namespace Nexo;

/// <summary>
/// The innermost wrapper of a connection's chat client in the engine: every failure of the provider call (except a
/// cancellation) becomes the <see cref="NexoException"/> of <see cref="LlmErrors.From"/> with the connection's secrets
/// (API key, header values, base URL credentials) removed, so a provider that echoes the key in its error body
/// ("Incorrect API key provided: sk-…") never gets it into the stored message, a <c>message-error</c> event, a log line
/// or the host's middleware.
/// </summary>
internal sealed class RedactingChatClient(IChatClient inner, SecretRedactor redactor) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Redacted(ex);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Redacted(ex);
        }

        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw Redacted(ex);
                }

                yield return update;
            }
        }
    }

    private NexoException Redacted(Exception exception) => redactor.RedactError(LlmErrors.From(exception));
}
