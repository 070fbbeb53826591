using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Integration.Tests.Web;

/// <summary>
/// The whole app over a real SQLite file in a fresh temp folder, with the demo seeded (users, API key, a few cases).
/// Hangfire's server is off so no agent job changes data under the tests.
/// </summary>
public sealed partial class OrchestratorAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo-pass-2026";
    public const string DemoApiKey = "ork_demo_local_only_key";
    public const int InitialCases = 5;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "orchestrator-it-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // UseSetting reaches the builder's configuration before Program reads it (ConfigureAppConfiguration would be too late).
        builder.UseSetting("Store:DataFolder", DataFolder);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:InitialCases", InitialCases.ToString());
        builder.UseSetting("Demo:CasesPerMinute", "0");
        builder.UseSetting("Demo:CrewSize", "0");
        builder.UseSetting("Demo:Backfill:Enabled", "false");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
    }

    public Task InitializeAsync()
    {
        _ = Server; // starts the host: migrations and demo seeding run here, once
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        using (var connection = new SqliteConnection(new DataStoreOptions { DataFolder = DataFolder }.SqliteConnectionString(DataFolder)))
            SqliteConnection.ClearPool(connection);
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client that calls the API with this key (the demo's cases key unless told), as an integration would.</summary>
    public HttpClient ApiClient(string key = DemoApiKey)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private readonly Dictionary<string, HttpClient> _signedIn = [];

    /// <summary>A signed-in client per demo user, reused across tests (sign-in hashes the password: ~0.1 s a time).</summary>
    public async Task<HttpClient> ClientForAsync(string email)
    {
        if (!_signedIn.TryGetValue(email, out var client)) _signedIn[email] = client = await SignedInClientAsync(email);
        return client;
    }

    /// <summary>A client signed in as <paramref name="email"/> through the sign-in form, as a browser does it.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = DemoPassword)
    {
        var client = NewClient();
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}");
        return client;
    }

    /// <summary>GETs /account/login, reads the form's hidden inputs (antiforgery token, form name) and POSTs it.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var fields = HiddenInputs(page);
        if (!fields.ContainsKey("__RequestVerificationToken")) throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    public static Dictionary<string, string> HiddenInputs(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.OrdinalIgnoreCase)) continue;
            var name = Attribute(tag, "name");
            if (name is not null) fields[name] = Attribute(tag, "value") ?? "";
        }
        return fields;
    }

    public async Task<T> WithDbAsync<T>(Func<OrchestratorDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A user of its own for tests that change an account (lockout), so the demo users stay usable.</summary>
    public async Task<string> CreateUserAsync(string role, string password = DemoPassword)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"it-{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test user" };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return email;
    }

    public static string Excerpt(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();
}

/// <summary>All web tests share one app and run one after another, so counts of stored rows are exact.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<OrchestratorAppFixture>
{
    public const string Name = "web";
}
