using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Deployment;

/// <summary>
/// The Dockerfile's steps without Docker (no engine runs here): publish the app, run the output in Production from
/// another folder, and check it serves its health, its own web root and the framework's assets, and that with an OTLP
/// endpoint configured its traces and metrics reach the collector.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PublishedAppTests
{
    [Fact]
    public async Task PublishedOutput_RunsInProduction_AndServesTheTopLevelWebRoot()
    {
        var repo = TestPaths.RepoRoot();
        var output = Path.Combine(Path.GetTempPath(), "orchestrator-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(output, "data");
        try
        {
            var (code, log) = await RunAsync("dotnet", repo, TimeSpan.FromMinutes(5),
                "publish", "src/Orchestrator.Web/Orchestrator.Web.csproj", "-c", "Release", "-o", output, "--nologo");
            Assert.True(code == 0, "dotnet publish failed:\n" + log);
            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "css", "orchestrator.css")), "the top-level wwwroot was not published");

            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(output, "Orchestrator.Web.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", output })
                start.ArgumentList.Add(arg);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Store__DataFolder"] = data;
            start.Environment["Demo__Enabled"] = "false";
            using var collector = new OtlpCollector();
            start.Environment["Telemetry__OtlpEndpoint"] = collector.Endpoint;
            start.Environment["Telemetry__OtlpProtocol"] = "HttpProtobuf";
            start.Environment["Telemetry__MetricExportIntervalMs"] = "1000";
            using var app = Process.Start(start)!;
            var appLog = new StringBuilder();
            app.OutputDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
            app.ErrorDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
            app.BeginOutputReadLine();
            app.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
                var healthy = false;
                for (var i = 0; i < 90 && !healthy && !app.HasExited; i++)
                {
                    try { healthy = (await http.GetAsync("/healthz")).IsSuccessStatusCode; }
                    catch (HttpRequestException) { }
                    if (!healthy) await Task.Delay(1000);
                }
                Assert.True(healthy, "the published app never became healthy:\n" + appLog);

                foreach (var path in new[] { "/css/orchestrator.css", "/img/logo.svg", "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css" })
                {
                    var response = await http.GetAsync(path);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
                    Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is empty");
                }
                var login = await http.GetAsync("/account/login");
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                Assert.Contains("frame-ancestors 'none'", login.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.DoesNotContain("Demo sign-ins", await login.Content.ReadAsStringAsync()); // demo off: no default credentials shown
                Assert.True(File.Exists(Path.Combine(data, "orchestrator.db")), "the data folder was not used");

                var health = JsonNode.Parse(await http.GetStringAsync("/healthz"))!;
                Assert.Equal("ok", health["checks"]!["database"]!["status"]!.GetValue<string>());
                Assert.Equal("ok", health["checks"]!["jobs"]!["status"]!.GetValue<string>());
                Assert.Equal("healthy", health["status"]!.GetValue<string>());
                await collector.WaitForAsync("traces", TimeSpan.FromSeconds(30));
                await collector.WaitForAsync("metrics", TimeSpan.FromSeconds(30));
            }
            finally
            {
                if (!app.HasExited) app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Log)> RunAsync(string file, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); return (-1, "timed out\n" + await stdout + await stderr); }
        return (process.ExitCode, await stdout + await stderr);
    }
}
