using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orchestrator.Infrastructure.Telemetry;

namespace Orchestrator.Web.Setup;

/// <summary>Bound from the "Telemetry" section. No endpoint, no export: telemetry is off by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";
    /// <summary>The OTLP collector, e.g. http://localhost:4317 (gRPC) or http://localhost:4318 (HTTP).</summary>
    public string? OtlpEndpoint { get; set; }
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;
    public string ServiceName { get; set; } = "orchestrator";
    public int MetricExportIntervalMs { get; set; } = 60_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);
}

public static class TelemetrySetup
{
    /// <summary>
    /// Traces (ASP.NET Core requests, EF Core commands, Hangfire jobs) and metrics (requests, runtime, claims, jobs,
    /// queue depths) to an OTLP collector, when one is configured.
    /// </summary>
    public static WebApplicationBuilder AddOrchestratorTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled) return builder;

        // Over HTTP, an endpoint set in code is used as is: the signal's path has to be added here.
        void Exporter(OtlpExporterOptions o, string signal)
        {
            var endpoint = options.OtlpEndpoint!.TrimEnd('/');
            o.Protocol = options.OtlpProtocol;
            o.Endpoint = new Uri(options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf ? $"{endpoint}/v1/{signal}" : endpoint);
        }

        builder.Services.AddHostedService<QueueDepthGauge>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(t => t
                .AddSource(OrchestratorTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/_framework"))
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Exporter(o, "traces")))
            .WithMetrics(m => m
                .AddMeter(OrchestratorTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    Exporter(exporter, "metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricExportIntervalMs;
                }));
        return builder;
    }
}
