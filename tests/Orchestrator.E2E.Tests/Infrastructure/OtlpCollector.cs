using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>A stand-in OpenTelemetry collector on loopback: it accepts OTLP/HTTP posts and remembers what came.</summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _received = new();

    public string Endpoint { get; }

    public OtlpCollector()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>Whether a protobuf export of this signal ("traces", "metrics") has arrived.</summary>
    public bool Received(string signal) => _received.Contains($"POST /v1/{signal} application/x-protobuf");

    public async Task WaitForAsync(string signal, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!Received(signal))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"No OTLP {signal} export within {within.TotalSeconds:0} s. Received: {string.Join("; ", _received)}");
            await Task.Delay(200);
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                _received.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (HttpListenerException) { }
            catch (ObjectDisposedException) { }
        }
    }

    public void Dispose() => _listener.Close();
}
