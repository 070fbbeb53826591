using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Workflows;

/// <summary>
/// Step definitions as a plain document: only the properties that can be set (no computed ones such as a field's
/// display name), and unknown properties refused. The diff and workflows-as-code both read definitions through it,
/// so a property added to a policy is compared, exported and imported without more code.
/// </summary>
public static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new(DomainJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SettableOnly } },
    };

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options) ?? new JsonObject();

    public static T FromNode<T>(JsonNode node) =>
        node.Deserialize<T>(Options) ?? throw new DomainException("json.empty", $"Empty document for {typeof(T).Name}.");

    private static void SettableOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var computed in type.Properties.Where(p => p.Set is null).ToList()) type.Properties.Remove(computed);
    }
}
