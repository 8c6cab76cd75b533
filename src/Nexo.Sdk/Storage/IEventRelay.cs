namespace Nexo.Storage;

/// <summary>
/// Carries events between instances that share one store: the events published in this process are sent to the other
/// instances, and theirs are published into this process's <see cref="NexoEventStream"/> (through
/// <see cref="NexoEventStream.PublishRemote"/>, so they are never sent back). Only shared stores have one
/// (<see cref="INexoStore.EventRelay"/>; SQLite has none: each process sees its own events, as before).
/// </summary>
internal interface IEventRelay
{
    /// <summary>Starts relaying between <paramref name="stream"/> and the other instances until the result is disposed.</summary>
    /// <param name="stream">This instance's event stream.</param>
    /// <returns>Disposing it stops relaying (what is queued is still sent).</returns>
    IDisposable Attach(NexoEventStream stream);
}
