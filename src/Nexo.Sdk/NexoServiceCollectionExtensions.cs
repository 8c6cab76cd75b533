using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>Registers Nexo with Microsoft.Extensions.DependencyInjection.</summary>
public static class NexoServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="NexoClient"/> and its services (<see cref="WorkspaceService"/>, <see cref="ChatService"/>…).
    /// The database is opened on first use; logging comes from the container's <see cref="ILoggerFactory"/> when present.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddNexo(this IServiceCollection services, Action<NexoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = new NexoOptions();
            configure?.Invoke(options);
            options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            options.TimeProvider ??= sp.GetService<TimeProvider>();
            options.Services ??= sp;
            return NexoClient.Open(options);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Workspaces);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Chats);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Messages);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Connections);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().McpServers);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Mcp);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Prompts);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Settings);
        services.TryAddSingleton(sp => sp.GetRequiredService<NexoClient>().Usage);
        return services;
    }
}
