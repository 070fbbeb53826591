using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// A redis-server of the test's own on a free loopback port, so a test may kill and restart it without disturbing
/// the Redis other tests share. redis-server comes from Debian's package (`.ci/services` installs it); without it this
/// fails, it never skips.
/// </summary>
public sealed class OwnRedis : IDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();
    public string Endpoint => $"127.0.0.1:{Port}";

    public static OwnRedis Start()
    {
        var redis = new OwnRedis();
        redis.StartProcess();
        return redis;
    }

    /// <summary>Kills the server (SIGKILL: no save, no goodbye to clients) and starts a new one on the same port after a pause.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        Kill();
        await Task.Delay(down);
        StartProcess();
    }

    private void StartProcess()
    {
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" }) start.ArgumentList.Add(arg);
        try { _process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: the fault tests start Redis of their own (apt-get install -y redis-server).", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server on port {Port} exited with code {_process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new TimeoutException($"redis-server did not listen on port {Port} within 10 s.");
    }

    private void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }
}
