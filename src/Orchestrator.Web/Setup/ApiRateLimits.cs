using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Orchestrator.Web.Setup;

/// <summary>"RateLimits:Api": requests each caller may make to /api per window. A PermitLimit of 0 or less turns the limit off.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "RateLimits:Api";
    public int PermitLimit { get; set; } = 1200;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The REST API's rate limit: a fixed window per API key (per signed-in person for cookie calls, per IP address
/// otherwise). Over the limit the answer is 429 with Retry-After and a problem-details body.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, ApiRateLimitOptions options) =>
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, http => options.PermitLimit <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0, AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem($"This caller may make {options.PermitLimit} API requests every {options.Window.TotalSeconds:0} s. Try again in {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.").ExecuteAsync(http);
            };
        });

    /// <summary>
    /// The bearer key itself (the limiter runs before the key is looked up, so unknown keys are limited too), else the
    /// signed-in person, else the remote address.
    /// </summary>
    private static string PartitionKey(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return "key:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(header[7..].Trim())));
        if (http.User.Identity?.IsAuthenticated == true) return "user:" + http.User.Identity.Name;
        return "ip:" + http.Connection.RemoteIpAddress;
    }
}
