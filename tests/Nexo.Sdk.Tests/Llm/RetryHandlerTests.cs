using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

public sealed class RetryHandlerTests
{
    [Fact]
    public async Task RetryAfterDate_IsHonoured()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(DateTimeOffset.UtcNow.AddSeconds(20)) } },
            () => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, time, NullLogger.Instance, stub));

        using var response = await http.PostAsync("http://x/", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delay = Assert.Single(time.Delays);
        Assert.InRange(delay, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.Equal(["{}", "{}"], stub.Bodies);
    }

    [Fact]
    public async Task LongRetryAfter_IsCapped()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(
            () => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromHours(1)) } },
            () => new HttpResponseMessage(HttpStatusCode.OK));
        var options = new LlmRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(7) };
        using var http = new HttpClient(new RetryHandler(options, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
    }

    [Fact]
    public async Task WithoutRetryAfter_BacksOffExponentiallyWithinBounds()
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),
            () => new HttpResponseMessage(HttpStatusCode.OK));
        var options = new LlmRetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3) };
        using var http = new HttpClient(new RetryHandler(options, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, time.Delays.Count);
        Assert.InRange(time.Delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(time.Delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(time.Delays[2], TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task ClientErrors_AreNotRetried(HttpStatusCode status)
    {
        var time = new ImmediateTimeProvider();
        var stub = new ScriptedHandler(() => new HttpResponseMessage(status), () => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, time, NullLogger.Instance, stub));

        using var response = await http.GetAsync("http://x/");

        Assert.Equal(status, response.StatusCode);
        Assert.Single(stub.Bodies);
    }

    [Fact]
    public async Task Cancellation_StopsTheWait()
    {
        var stub = new ScriptedHandler(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(30)) } });
        using var http = new HttpClient(new RetryHandler(LlmRetryOptions.Default, TimeProvider.System, NullLogger.Instance, stub));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync("http://x/", cts.Token));

        Assert.Single(stub.Bodies);
    }

    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            return responses[Math.Min(Bodies.Count - 1, responses.Length - 1)]();
        }
    }
}
