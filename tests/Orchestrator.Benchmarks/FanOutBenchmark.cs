using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Live fan-out: a real task change (a case opened through the API, which creates a task and publishes after commit)
/// delivered by the app's /hubs/live to N signed-in SignalR hub clients over WebSockets, against a bare hub in this
/// process broadcasting the same message to the same number of clients. Hub clients, not Blazor circuits.
/// </summary>
public static partial class FanOutBenchmark
{
    internal const int Clients = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100;
        Console.WriteLine($"fanout: {Clients} SignalR hub clients (WebSockets, loopback), {rounds} changes, {Environment.ProcessorCount} cores");
        await using var app = PipelineAppHost.Start();
        var cookie = await SignInAsync(app.BaseAddress);

        // the bare hub, same process, same run
        var barePort = PipelineAppHost.FreePort();
        var bb = WebApplication.CreateSlimBuilder();
        bb.Logging.SetMinimumLevel(LogLevel.Warning);
        bb.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, barePort));
        bb.Services.AddSignalR();
        await using var bare = bb.Build();
        bare.MapHub<BareHub>("/bare");
        await bare.StartAsync();
        var bareHub = bare.Services.GetRequiredService<IHubContext<BareHub>>();

        // app first
        var appProbe = new Probe(Clients) { CommitStamp = () => TimedNotifier.LastPublish };
        var before = GC.GetTotalMemory(true);
        var appConns = await ConnectAsync(new Uri(app.BaseAddress, "/hubs/live"), cookie, appProbe);
        var appPerConn = (GC.GetTotalMemory(true) - before) / (double)Clients;
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var postMs = new List<double>();
        await Warm(appProbe, 5, i => PostCaseAsync(http, $"warm-{i}", null));
        appProbe.ClearAfterWarmUp();
        var appLat = await appProbe.MeasureAsync(rounds, i => PostCaseAsync(http, $"fan-{i}", postMs));
        await DisposeAll(appConns);

        var bareProbe = new Probe(Clients);
        before = GC.GetTotalMemory(true);
        var bareConns = await ConnectAsync(new Uri($"http://127.0.0.1:{barePort}/bare"), null, bareProbe);
        var barePerConn = (GC.GetTotalMemory(true) - before) / (double)Clients;
        IReadOnlyList<LiveEvent> Message() =>
        [
            new(LiveEvent.Kinds.TaskChanged, "document-check", "verify", Guid.NewGuid(), Guid.NewGuid(), "Queued"),
            new(LiveEvent.Kinds.CaseChanged, "document-check", "verify", null, Guid.NewGuid(), "Open"),
        ];
        await Warm(bareProbe, 5, _ => bareHub.Clients.All.SendAsync("live", Message()));
        var bareLat = await bareProbe.MeasureAsync(rounds, _ => bareHub.Clients.All.SendAsync("live", Message()));
        await DisposeAll(bareConns);
        await bare.StopAsync();

        postMs.Sort();
        Report("app /hubs/live (request start -> receipt)", appLat, appProbe.Missed);
        Report("app /hubs/live (after-commit publish -> receipt)", appProbe.FromCommit, 0);
        Console.WriteLine($"  POST /api/v1/cases duration: p50 {Pct(postMs, 50):0.0} ms, p95 {Pct(postMs, 95):0.0} ms");
        Report("bare hub broadcast (SendAsync start -> receipt)", bareLat, bareProbe.Missed);
        var ratio = Pct(appProbe.FromCommit, 95) / Pct(bareLat, 95);
        Console.WriteLine($"  managed memory per hub connection (client + server ends, GC.GetTotalMemory delta): app {appPerConn / 1024:0} KB, bare {barePerConn / 1024:0} KB");
        var p95 = Pct(appProbe.FromCommit, 95);
        Console.WriteLine($"RESULT fanout app commit->receipt p95={p95:0.0} ms (request start->receipt p95={Pct(appLat, 95):0.0} ms) bare p95={Pct(bareLat, 95):0.0} ms ratio={ratio:0.0}x aim: p95<250 ms and <=2x bare -> {(p95 < 250 && ratio <= 2 ? "MET" : "MISSED")}");
        return 0;
    }

    internal static void Report(string name, List<double> lat, int missed) =>
        Console.WriteLine($"{name}: n={lat.Count} p50 {Pct(lat, 50):0.0} ms, p95 {Pct(lat, 95):0.0} ms, p99 {Pct(lat, 99):0.0} ms, max {lat[^1]:0.0} ms, missed {missed}");

    internal static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static async Task Warm(Probe probe, int rounds, Func<int, Task> trigger) => await probe.MeasureAsync(rounds, trigger);

    internal static async Task PostCaseAsync(HttpClient http, string id, List<double>? postMs)
    {
        var sw = Stopwatch.StartNew();
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
        {
            Content = JsonContent.Create(new { workflow = "document-check", externalId = $"{id}-{Guid.NewGuid():N}", payload = new { documentUrl = "https://example.test/d.pdf" } }),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ork_demo_local_only_key");
        using var res = await http.SendAsync(req);
        res.EnsureSuccessStatusCode();
        postMs?.Add(sw.Elapsed.TotalMilliseconds);
    }

    /// <summary>Signs in through the login form (antiforgery token from the GET) and returns the Cookie header.</summary>
    internal static async Task<string> SignInAsync(Uri baseAddress)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var html = await http.GetStringAsync("/account/login");
        var token = TokenRegex().Match(html).Groups[1].Value;
        var handler = HandlerRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : "login";
        using var res = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = handler, ["__RequestVerificationToken"] = token,
            ["Input.Email"] = "worker@demo.local", ["Input.Password"] = "Demo-pass-2026",
        }));
        var header = cookies.GetCookieHeader(baseAddress);
        if (!header.Contains("orchestrator.auth")) throw new InvalidOperationException($"sign-in failed: {(int)res.StatusCode}");
        return header;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
    [GeneratedRegex("name=\"_handler\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex HandlerRegex();

    /// <param name="first">The probe index of the first of <paramref name="count"/> clients (clients of several instances share one probe).</param>
    internal static async Task<List<HubConnection>> ConnectAsync(Uri url, string? cookie, Probe probe, int count = Clients, int first = 0)
    {
        var list = new List<HubConnection>();
        for (var i = first; i < first + count; i++)
        {
            var index = i;
            var conn = new HubConnectionBuilder().WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (cookie is not null) o.Headers["Cookie"] = cookie;
            }).Build();
            conn.On<JsonElement>("live", _ => probe.Hit(index));
            list.Add(conn);
        }
        for (var i = 0; i < list.Count; i += 20)
            await Task.WhenAll(list.Skip(i).Take(20).Select(c => c.StartAsync()));
        return list;
    }

    internal static async Task DisposeAll(List<HubConnection> conns) => await Task.WhenAll(conns.Select(c => c.DisposeAsync().AsTask()));

    /// <summary>One change at a time: the time from the trigger's start to each client's first message after it.</summary>
    internal sealed class Probe(int clients)
    {
        private readonly int[] _got = new int[clients];
        private readonly long[] _at = new long[clients];
        private long _t0;
        private int _remaining;
        private TaskCompletionSource _all = new();
        private volatile bool _open;
        public int Missed { get; private set; }
        /// <summary>When set, the moment of the round's commit; receipts are also measured from it.</summary>
        public Func<long>? CommitStamp { get; init; }
        public List<double> FromCommit { get; } = [];
        /// <summary>When set, names each receipt's group (from the client and the round); <see cref="ByGroup"/> holds its commit → receipt times.</summary>
        public Func<int, int, string>? Group { get; init; }
        public SortedDictionary<string, List<double>> ByGroup { get; } = new(StringComparer.Ordinal);

        /// <summary>Forgets the warm-up: its commit → receipt times and misses.</summary>
        public void ClearAfterWarmUp()
        {
            Missed = 0;
            FromCommit.Clear();
            ByGroup.Clear();
        }

        public void Hit(int i)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_open || Interlocked.Exchange(ref _got[i], 1) == 1) return;
            _at[i] = now;
            if (Interlocked.Decrement(ref _remaining) == 0) _all.TrySetResult();
        }

        public async Task<List<double>> MeasureAsync(int rounds, Func<int, Task> trigger)
        {
            var lat = new List<double>(rounds * clients);
            for (var r = 0; r < rounds; r++)
            {
                Array.Clear(_got);
                _remaining = clients;
                _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _t0 = Stopwatch.GetTimestamp();
                _open = true;
                await trigger(r);
                await Task.WhenAny(_all.Task, Task.Delay(5000));
                _open = false;
                for (var i = 0; i < clients; i++)
                    if (_got[i] == 1) lat.Add(Stopwatch.GetElapsedTime(_t0, _at[i]).TotalMilliseconds);
                    else Missed++;
                if (CommitStamp?.Invoke() is { } c && c > _t0)
                    for (var i = 0; i < clients; i++)
                        if (_got[i] == 1)
                        {
                            var ms = Stopwatch.GetElapsedTime(c, _at[i]).TotalMilliseconds;
                            FromCommit.Add(ms);
                            if (Group?.Invoke(i, r) is { } g) (ByGroup.TryGetValue(g, out var list) ? list : ByGroup[g] = []).Add(ms);
                        }
                await Task.Delay(30);
            }
            lat.Sort();
            FromCommit.Sort();
            foreach (var list in ByGroup.Values) list.Sort();
            return lat;
        }
    }
}

public sealed class BareHub : Hub;
