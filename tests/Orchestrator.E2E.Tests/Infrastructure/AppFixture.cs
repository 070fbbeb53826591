using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>One running app and one Chromium for the whole E2E run; each test opens its own browser contexts.</summary>
public class AppFixture : IAsyncLifetime
{
    private AppServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AppServer Server => _server ?? throw new InvalidOperationException("The app is not started.");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");
    public Uri BaseUrl => Server.BaseUrl;
    public OrchestratorApi Api { get; private set; } = default!;

    /// <summary>Settings that replace <see cref="AppServer"/>'s defaults for this app.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        // The app seeds its demo while Chromium starts.
        var server = AppServer.StartAsync(TestPaths.RepoRoot(), Settings);
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await Chromium.LaunchAsync(_playwright);
        }
        finally
        {
            // Whatever happened to the browser, the app process is ours to stop.
            _server = await server;
        }
        Api = new OrchestratorApi(Server.BaseUrl, DemoUsers.ApiKey);
    }

    /// <summary>A fresh browser context (its own cookies) and a page in it, with short default timeouts.</summary>
    public async Task<BrowserSession> NewSessionAsync()
    {
        Server.EnsureRunning();
        return new BrowserSession(await Chromium.NewPageAsync(Browser, BaseUrl));
    }

    /// <summary>A fresh context signed in as the user, on the home page.</summary>
    public async Task<BrowserSession> SignInAsync(DemoUser user)
    {
        var session = await NewSessionAsync();
        await new LoginPage(session.Page).SignInAsync(user.Email, DemoUsers.Password);
        return session;
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "Running app";
}
