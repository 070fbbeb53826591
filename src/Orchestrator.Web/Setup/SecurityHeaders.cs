namespace Orchestrator.Web.Setup;

/// <summary>
/// Headers every response carries. The policy fits Blazor Server and MudBlazor: scripts only from this origin,
/// inline styles (MudBlazor sets style attributes), the circuit's WebSocket, nothing may frame the app.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (!context.Request.Path.StartsWithSegments("/hangfire"))
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
        return next(context);
    }
}
