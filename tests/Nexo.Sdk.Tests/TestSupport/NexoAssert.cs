namespace Nexo.Sdk.Tests;

/// <summary>Assertions on <see cref="NexoException"/>: the kind, and for validation errors the failing field.</summary>
public static class NexoAssert
{
    public static async Task<NexoException> ThrowsAsync(NexoErrorKind kind, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<NexoException>(action);
        Assert.True(ex.Kind == kind, $"Expected a {kind} error but got {ex.Kind}: {ex.Message}");
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex;
    }

    public static async Task<NexoException> ValidationAsync(string field, Func<Task> action)
    {
        var ex = await ThrowsAsync(NexoErrorKind.Validation, action);
        Assert.True(ex.Details.TryGetValue("field", out var actual), $"The validation error has no 'field' detail: {ex.Message}");
        Assert.Equal(field, actual);
        return ex;
    }

    public static async Task<NexoException> NotFoundAsync(string entity, Func<Task> action)
    {
        var ex = await ThrowsAsync(NexoErrorKind.NotFound, action);
        Assert.Equal(entity, ex.Details["entity"]);
        return ex;
    }

    public static Task<NexoException> ConflictAsync(Func<Task> action) => ThrowsAsync(NexoErrorKind.Conflict, action);
}
