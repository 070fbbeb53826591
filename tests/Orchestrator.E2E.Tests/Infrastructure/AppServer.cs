using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>
/// The web app's build output started as a real process on a free port, with demo data in a fresh folder.
/// It builds nothing: the project reference orders the build, this only runs the result.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Uri BaseUrl { get; }
    public string DataFolder { get; }

    private AppServer(Process process, Uri baseUrl, string dataFolder)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    /// <param name="environment">Settings that replace the defaults below, e.g. another store for scale-out runs.</param>
    public static async Task<AppServer> StartAsync(string repoRoot, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configuration = TestPaths.Configuration();
        var webProject = Path.Combine(repoRoot, "src", "Orchestrator.Web");
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "Orchestrator.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} does not exist. Build the app first: dotnet build src/Orchestrator.Web -c {configuration}");

        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var dataFolder = Path.Combine(Path.GetTempPath(), "orchestrator-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataFolder);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", baseUrl.ToString().TrimEnd('/') }) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Store__DataFolder"] = dataFolder;
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__InitialCases"] = "30";
        // No simulated crew or new demo cases: the flows need the queue to hold still.
        start.Environment["Demo__CrewSize"] = "0";
        start.Environment["Demo__CasesPerMinute"] = "0";
        start.Environment["Demo__Backfill__Enabled"] = "false"; // the flows assert today's demo figures
        // The log saved after the run: timed lines, each circuit's events, without the dev-time static asset notices.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.Circuits"] = "Debug";
        start.Environment["Logging__LogLevel__Orchestrator.Web.Components.Shared.CircuitCallLog"] = "Debug";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Builder.StaticAssetDevelopmentRuntimeHandler"] = "Error";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var server = new AppServer(new Process { StartInfo = start, EnableRaisingEvents = true }, baseUrl, dataFolder);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>kill -9: the process ends at once, with no shutdown (on Unix <see cref="Process.Kill()"/> sends SIGKILL).</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Fails fast, with the app's output, when the app is no longer running.</summary>
    public void EnsureRunning()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"The app exited with code {_process.ExitCode} during the run" +
                (_process.ExitCode == 0 ? " (a clean shutdown: something outside the tests sent it SIGTERM or SIGINT, such as a 'pkill -f Orchestrator.Web')" : "") +
                $". Output:\n{Output}");
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        string last = "no answer yet";
        while (watch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy. Output:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "timed out"; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"GET {BaseUrl}healthz did not answer 200 within {StartTimeout.TotalSeconds:0} s (last: {last}). Output:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        var exitedEarly = _process.HasExited;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        if (exitedEarly) Append($"[e2e] the app had exited by itself with code {_process.ExitCode}");
        _process.Dispose();
        // The app's log of the run, for reading after a failure.
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"e2e-app-{BaseUrl.Port}.log"), Output);
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { /* a file still held open; the temp folder is cleaned by the OS */ }
        catch (UnauthorizedAccessException) { }
    }
}
