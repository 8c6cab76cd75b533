using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>Wraps a provider's client in the host's middleware (<see cref="NexoOptions.ConfigureChatClient"/>).</summary>
internal static class ChatClientPipeline
{
    public static IChatClient Build(IChatClient inner, Action<ChatClientBuilder>? configure, IServiceProvider? services, ILoggerFactory loggerFactory)
    {
        if (configure is null)
        {
            return inner;
        }

        var builder = new ChatClientBuilder(inner);
        configure(builder);
        return builder.Build(services ?? new LoggingServices(loggerFactory));
    }

    /// <summary>Serves the client's <see cref="ILoggerFactory"/> to middleware when the host has no container.</summary>
    private sealed class LoggingServices(ILoggerFactory loggerFactory) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? loggerFactory : null;
    }
}
