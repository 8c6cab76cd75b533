using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

/// <summary>The retry pipeline (Polly) configured from <see cref="LlmRetryOptions"/>, beside the original RetryHandlerTests.</summary>
public sealed class RetryPipelineTests
{
    [Fact]
    public async Task RetryDelay_WaitsOnTheInjectedClock_NotTheSystemClock()
    {
        var clock = new ManualTimeProvider();
        var stub = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(5)) } },
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, clock, NullLogger.Instance, stub));

        var pending = http.GetAsync("http://x/");
        var timer = await clock.NextTimerAsync();
        await Task.Delay(100);

        Assert.Equal(TimeSpan.FromSeconds(5), timer.DueTime);
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, stub.Calls);
        timer.Fire();
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task RetryAfterMs_IsHonouredBeforeRetryAfter()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(
            _ =>
            {
                var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(9)) } };
                limited.Headers.Add("retry-after-ms", "1500");
                return limited;
            },
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], time.Delays);
    }

    [Fact]
    public async Task RetryAfterLongerThanMaxDelay_IsKept_UpToMaxRetryAfter()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(45)) } },
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal([TimeSpan.FromSeconds(45)], time.Delays);
    }

    [Fact]
    public async Task ConnectionFailureBeforeTheResponse_IsRetried_ButNotAfterTheLastAttempt()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, time, NullLogger.Instance, stub));

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://x/"));

        Assert.Equal("refused", thrown.Message);
        Assert.Equal(3, stub.Calls);
        Assert.Equal(2, time.Delays.Count);
    }

    [Fact]
    public async Task NameResolutionFailure_IsNotRetried()
    {
        var stub = new ScriptedHandler(_ => throw new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, new ImmediateTimeProvider(), NullLogger.Instance, stub));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://x/"));

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task RetryOptionsNone_SendsOnce()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.None, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, stub.Calls);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task RetriedResponses_AreDisposed_AndTheLastOneIsReturnedOpen()
    {
        var first = new TrackedContent();
        var stub = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = first },
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, new ImmediateTimeProvider(), NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.True(first.Disposed);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            return Task.FromResult(responses[Math.Min(call - 1, responses.Length - 1)](request));
        }
    }

    private sealed class TrackedContent : StringContent
    {
        public TrackedContent()
            : base("busy")
        {
        }

        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A clock whose timers fire only when the test says so.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        private readonly TaskCompletionSource<ManualTimer> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ManualTimer> NextTimerAsync() => _next.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state, dueTime);
            _next.TrySetResult(timer);
            return timer;
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; } = dueTime;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
