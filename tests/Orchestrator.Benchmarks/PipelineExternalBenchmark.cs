using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestrator.Benchmarks;

/// <summary>External pull workers through the real HTTP API: 20 concurrent workers activate and complete document-check tasks.</summary>
public static class PipelineExternalBenchmark
{
    private const int WorkerCount = 20;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string[] args)
    {
        // Under the ext-doc-checker profile's default backlog (1000) so every task stays routed to the agent.
        var cases = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 600;
        Console.WriteLine($"external: {WorkerCount} workers, {cases} document-check cases per run, {Environment.ProcessorCount} cores");
        await using var app = PipelineAppHost.Start();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = app.BaseAddress };
        foreach (var max in new[] { 1, 10 })
        {
            var open = Stopwatch.StartNew();
            await OpenCasesAsync(http, cases, $"ext{max}");
            Console.WriteLine($"external max={max}: opened {cases} cases through POST /api/v1/cases in {open.Elapsed.TotalSeconds:0.0} s ({cases / open.Elapsed.TotalSeconds:0.0} cases/s, 8 concurrent)");
            var (done, activations, elapsed) = await WorkAsync(http, max, cases);
            Console.WriteLine($"RESULT external max={max}: {done} round trips in {elapsed.TotalSeconds:0.0} s = {done / elapsed.TotalSeconds:0.0} round trips/s ({activations} activate calls)");
        }
        return 0;
    }

    private static async Task OpenCasesAsync(HttpClient http, int cases, string prefix)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= cases)
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
                {
                    Content = JsonContent.Create(new { workflow = "document-check", externalId = $"{prefix}-{i}", payload = new { documentUrl = $"https://example.test/docs/{i}.pdf" } }),
                };
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ork_demo_local_only_key");
                using var res = await http.SendAsync(req);
                if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/cases: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            }
        })));
    }

    private static async Task<(int Done, int Activations, TimeSpan Elapsed)> WorkAsync(HttpClient http, int max, int cases)
    {
        var done = 0;
        var activations = 0;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, WorkerCount).Select(_ => Task.Run(async () =>
        {
            var idle = 0;
            while (Volatile.Read(ref done) < cases && clock.Elapsed < Limit && idle < 50)
            {
                using var act = Post("/api/v1/tasks/activate", new { max, leaseSeconds = 120 });
                using var res = await http.SendAsync(act);
                Interlocked.Increment(ref activations);
                if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"activate: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
                using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                var ids = doc.RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
                if (ids.Count == 0) { idle++; await Task.Delay(20); continue; }
                idle = 0;
                foreach (var id in ids)
                {
                    using var comp = Post($"/api/v1/tasks/{id}/complete", new { output = new { legible = true, pages = 3 }, confidence = 0.9 });
                    using var cres = await http.SendAsync(comp);
                    if (cres.IsSuccessStatusCode) Interlocked.Increment(ref done);
                    else if (Interlocked.Increment(ref failures) <= 3) Console.WriteLine($"complete: {(int)cres.StatusCode} {await cres.Content.ReadAsStringAsync()}");
                }
            }
        })));
        var elapsed = clock.Elapsed;
        if (done < cases) Console.WriteLine($"external max={max}: stopped with {done}/{cases} done ({failures} failed completes, limit {Limit.TotalSeconds} s)");
        return (done, activations, elapsed);
    }

    private static HttpRequestMessage Post(string path, object body)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ork_demo_external_worker_key");
        return req;
    }
}
