namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>One person's browser: a context of its own (cookies, circuit) and its page. Disposing closes both.</summary>
public sealed class BrowserSession(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ValueTask DisposeAsync() => Page.Context.DisposeAsync();
}
