using Microsoft.AspNetCore.Diagnostics;

namespace Orchestrator.Web.Api;

/// <summary>
/// Outside Development an unhandled exception in the API answers a generic problem: status 500 and a trace id to quote,
/// never the exception's message or stack. Pages fall through to the /error page.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // By now Request.Path is already the /error page's; the feature keeps the path that failed.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;
        logger.LogError(exception, "Unhandled exception in {Method} {Path} ({TraceId})", http.Request.Method, path, http.TraceIdentifier);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await TypedResults.Problem($"The error was logged with id {http.TraceIdentifier}. Try again, or tell the administrator the id.",
            statusCode: StatusCodes.Status500InternalServerError, title: "Something went wrong.",
            extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }).ExecuteAsync(http);
        return true;
    }
}
