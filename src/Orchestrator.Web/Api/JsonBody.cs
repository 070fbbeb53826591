using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Web.Api;

/// <summary>
/// Reads a JSON object body with a size and depth limit, so a malformed, deep or oversized body gets a clear
/// problem-details answer instead of the framework's bare 400.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxDepth = 32;

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.BadRequest("body", "Send a JSON body with Content-Type: application/json."));
        if (request.ContentLength > MaxBytes)
            return (null, Problems.BadRequest("body", $"The body is larger than {MaxBytes / 1024} KB."));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) return (null, Problems.BadRequest("body", $"The body is larger than {MaxBytes / 1024} KB."));
        }
        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
            return node is JsonObject obj ? (obj, null) : (null, Problems.BadRequest("body", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("body", "The body is not valid JSON: " + ex.Message));
        }
    }

    public static string? String(JsonObject body, string name, out IResult? problem)
    {
        problem = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        problem = Problems.BadRequest(name, $"'{name}' must be a string.");
        return null;
    }
}
